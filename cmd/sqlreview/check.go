package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
)

var errHelpShown = errors.New("help shown")

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// parseInterspersed parses flags that may follow positional arguments
// (`sqlreview check migrations --format json`).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelpShown
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func cmdCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("check", stderr)
	configPath := fs.String("config", "", "config file (default: nearest .sqlreview.yaml up from each file)")
	format := fs.String("format", "text", "output format: text or json")
	output := fs.String("output", "", "write the report to this file instead of standard output")
	failOn := fs.String("fail-on", "", "exit 1 on findings at or above: error, warning, info or never (default: config fail-on)")
	pgVersion := fs.Int("pg-version", 0, "target PostgreSQL major version, 11-18 (default: config postgres.version)")
	showSuppressed := fs.Bool("show-suppressed", false, "text format: also print suppressed findings")
	var enable, disable listFlag
	fs.Var(&enable, "enable", "also run these rules (names, codes or aliases; repeatable, comma-separated)")
	fs.Var(&disable, "disable", "do not run these rules (repeatable, comma-separated)")
	fs.Usage = func() {}
	paths, err := parseInterspersed(fs, args)
	if errors.Is(err, errHelpShown) {
		fmt.Fprintln(stdout, "Usage: sqlreview check [flags] PATH...\n\nFlags:")
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return exitOK, nil
	}
	if err != nil {
		return exitError, err
	}
	if len(paths) == 0 {
		return exitError, usagef("check: no paths given; try `sqlreview check migrations/` or `-` for standard input")
	}
	if *format != "text" && *format != "json" {
		return exitError, usagef("--format %q: use text or json", *format)
	}
	if *failOn != "" && !validFailOn(*failOn) {
		return exitError, usagef("--fail-on %q: use error, warning, info or never", *failOn)
	}
	res, err := engine.Check(paths, engine.Options{
		ConfigPath: *configPath,
		Overrides:  engine.Overrides{PGVersion: *pgVersion, Enable: enable, Disable: disable},
		Stdin:      stdin,
	})
	if err != nil {
		return exitError, errors.New(strings.TrimPrefix(err.Error(), engine.ErrUsage.Error()+": "))
	}
	var buf bytes.Buffer
	switch *format {
	case "json":
		err = report.JSON(&buf, res)
	default:
		err = report.Text(&buf, res, report.TextOptions{
			Color:          *output == "" && isTerminal(stdout) && os.Getenv("NO_COLOR") == "",
			ShowSuppressed: *showSuppressed,
		})
	}
	if err != nil {
		return exitError, err
	}
	if *output != "" {
		if err := writeFileAtomic(*output, buf.Bytes()); err != nil {
			return exitError, fmt.Errorf("--output %s: %v", *output, unwrapPath(err))
		}
	} else if _, err := stdout.Write(buf.Bytes()); err != nil {
		return exitError, err
	}
	for _, e := range res.Errors {
		fmt.Fprintf(stderr, "sqlreview: %s\n", oneLine(e.Error()))
	}
	code := exitOK
	if gate(res, *failOn) {
		code = exitFindings
	}
	if len(res.Errors) > 0 {
		code = exitError
	}
	return code, nil
}

func validFailOn(s string) bool {
	switch s {
	case "error", "warning", "info", "never":
		return true
	}
	return false
}

// gate reports whether any unsuppressed finding is at or above the fail-on
// threshold: the flag, or else the config governing the finding's file.
func gate(res *engine.Result, flagFailOn string) bool {
	for _, f := range res.Findings {
		if f.Suppressed {
			continue
		}
		threshold := flagFailOn
		if threshold == "" {
			threshold = res.FailOn(f.Path)
		}
		if threshold == "never" {
			continue
		}
		min, err := rules.ParseSeverity(threshold)
		if err != nil {
			min = rules.Error
		}
		if f.Severity >= min {
			return true
		}
	}
	return false
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// writeFileAtomic writes via a temporary file so a failed run never leaves
// a truncated report behind.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sqlreview-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
