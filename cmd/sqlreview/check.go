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
	"github.com/sqlreview/sqlreview/rules/config"
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

// output is one report to write: a format and a file ("" = standard output).
type output struct {
	format, file string
}

func cmdCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("check", stderr)
	configPath := fs.String("config", "", "config file (default: nearest .sqlreview.yaml up from each file)")
	var formats listFlag
	fs.Var(&formats, "format", "output format: "+strings.Join(report.Names(), ", ")+"; FORMAT=FILE writes that format to FILE (repeatable)")
	outFile := fs.String("output", "", "write the report to this file instead of standard output")
	failOn := fs.String("fail-on", "", "exit 1 on findings at or above: error, warning, info or never (default: config fail-on)")
	pgVersion := fs.Int("pg-version", 0, "target PostgreSQL major version, 11-18 (default: config postgres.version)")
	showSuppressed := fs.Bool("show-suppressed", false, "text format: also print suppressed findings")
	category := fs.String("sarif-category", "", "SARIF automationDetails.id, to tell several runs on one commit apart")
	newFromRev := fs.String("new-from-rev", "", "check only .sql files added or modified since the merge base with REV (e.g. origin/main)")
	staged := fs.Bool("staged", false, "check only .sql files staged in git (for pre-commit hooks)")
	baseline := fs.String("baseline", "", "report only findings not recorded in this baseline file")
	writeBaselinePath := fs.String("write-baseline", "", "record today's findings in this file (then use --baseline FILE)")
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
	changedOnly := *newFromRev != "" || *staged
	if len(paths) == 0 && changedOnly {
		paths = []string{"."}
	}
	if len(paths) == 0 {
		return exitError, usagef("check: no paths given; try `sqlreview check migrations/` or `-` for standard input")
	}
	if *newFromRev != "" && *staged {
		return exitError, usagef("--new-from-rev and --staged: use one of them")
	}
	if *failOn != "" && !validFailOn(*failOn) {
		return exitError, usagef("--fail-on %q: use error, warning, info or never", *failOn)
	}
	outputs, err := resolveOutputs(formats, *outFile, *configPath)
	if err != nil {
		return exitError, err
	}
	opt := engine.Options{
		ConfigPath: *configPath,
		Overrides:  engine.Overrides{PGVersion: *pgVersion, Enable: enable, Disable: disable},
		Stdin:      stdin,
	}
	if changedOnly {
		changed, err := changedFiles(*newFromRev, *staged)
		if err != nil {
			return exitError, err
		}
		opt.Only = func(abs string) bool { return changed[abs] }
	}
	res, err := engine.Check(paths, opt)
	if err != nil {
		return exitError, errors.New(strings.TrimPrefix(err.Error(), engine.ErrUsage.Error()+": "))
	}
	if *writeBaselinePath != "" {
		if err := writeBaseline(*writeBaselinePath, res); err != nil {
			return exitError, err
		}
	}
	if *baseline != "" {
		if _, err := applyBaseline(*baseline, res); err != nil {
			return exitError, err
		}
	}
	failed := gate(res, *failOn)
	opts := report.Options{
		ShowSuppressed: *showSuppressed,
		Version:        version,
		Root:           repoRoot(),
		Category:       *category,
		Failed:         failed,
		FailOn:         *failOn,
	}
	for _, o := range outputs {
		if err := writeOutput(o, res, opts, stdout); err != nil {
			return exitError, err
		}
	}
	for _, e := range res.Errors {
		fmt.Fprintf(stderr, "sqlreview: %s\n", oneLine(e.Error()))
	}
	code := exitOK
	if failed {
		code = exitFindings
	}
	if len(res.Errors) > 0 {
		code = exitError
	}
	return code, nil
}

// resolveOutputs turns --format/--output (or the config's output list) into
// the reports to write. At most one may go to standard output.
func resolveOutputs(formats []string, outFile, configPath string) ([]output, error) {
	var outs []output
	for _, f := range formats {
		for _, part := range strings.Split(f, ",") {
			name, file, _ := strings.Cut(part, "=")
			outs = append(outs, output{format: strings.TrimSpace(name), file: strings.TrimSpace(file)})
		}
	}
	if len(outs) == 0 {
		cfg, err := outputConfig(configPath)
		if err != nil {
			return nil, err
		}
		for _, o := range cfg {
			outs = append(outs, output{format: o.Format, file: o.File})
		}
	}
	if len(outs) == 0 {
		outs = []output{{format: "text"}}
	}
	toStdout := 0
	for i := range outs {
		if _, ok := report.Lookup(outs[i].format); !ok {
			return nil, usagef("--format %q: use one of %s", outs[i].format, strings.Join(report.Names(), ", "))
		}
		if outs[i].file == "" {
			outs[i].file = outFile
		}
		if outs[i].file == "" {
			toStdout++
		}
	}
	if toStdout > 1 {
		return nil, usagef("--format: only one format can go to standard output; write the others to files with FORMAT=FILE")
	}
	return outs, nil
}

// outputConfig returns the output list of the config that governs this run:
// --config, or the nearest .sqlreview.yaml up from the current directory.
func outputConfig(configPath string) ([]config.Output, error) {
	if configPath == "" {
		cwd, err := os.Getwd()
		if err != nil {
			return nil, nil
		}
		if configPath, err = config.Find(cwd); err != nil || configPath == "" {
			return nil, err
		}
	}
	cfg, err := config.Load(configPath)
	if err != nil {
		return nil, err
	}
	return cfg.Output, nil
}

// repoRoot is the directory CI formats report paths against: the git work
// tree holding the current directory, or the current directory.
func repoRoot() string {
	cwd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := cwd; ; {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return cwd
		}
		dir = parent
	}
}

func writeOutput(o output, res *engine.Result, opts report.Options, stdout io.Writer) error {
	fn, _ := report.Lookup(o.format)
	if o.file == "" {
		opts.Color = o.format == "text" && isTerminal(stdout) && os.Getenv("NO_COLOR") == ""
	}
	var buf bytes.Buffer
	if err := fn(&buf, res, opts); err != nil {
		return fmt.Errorf("writing %s report: %v", o.format, err)
	}
	if o.file == "" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := writeFileAtomic(o.file, buf.Bytes()); err != nil {
		return fmt.Errorf("%s report %s: %v", o.format, o.file, unwrapPath(err))
	}
	return nil
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
