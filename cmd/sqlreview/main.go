// Command sqlreview reviews PostgreSQL migrations, applies them and rolls
// releases out. main.go is wiring: the commands, their usage, `help CMD`
// and `CMD --help` all come from one table (commands.go).
//
// Exit codes: 0 = no finding at or above fail-on (or success), 1 = some
// (or a failed apply, rollout or drift), 2 = usage, config or I/O error.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/internal/buildinfo"
)

// version is set by release builds with -ldflags "-X main.version=v1.2.3";
// empty, the Go build info names the build (see internal/buildinfo).
var version string

func init() { buildinfo.SetRelease(version) }

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

// usageError is a bad command line: exit 2 with the message.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit code. A panic anywhere
// becomes a one-line message, never a stack trace.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(stderr, "sqlreview: internal error: %v; please report this with the command you ran\n", v)
			code = exitError
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(stderr, generalUsage())
		return exitError
	}
	switch args[0] {
	case "--help", "-h", "-help":
		args = []string{"help"}
	case "--version", "-v":
		args = []string{"version"}
	}
	code, err := dispatch(args, streams{stdin, stdout, stderr})
	if err != nil {
		fmt.Fprintf(stderr, "sqlreview: %s\n", oneLine(err.Error()))
		return exitError
	}
	return code
}

// cmdVersion prints the one version string (buildinfo.Version) first, then
// what else names the build: VCS state, Go toolchain, PostgreSQL grammar.
func cmdVersion(args []string, stdout io.Writer) error {
	format, pos, err := formatFlag(args, "version")
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("version: unexpected argument %q", pos[0])
	}
	d := buildinfo.Read()
	if format == "json" {
		return writeJSON(stdout, d)
	}
	fmt.Fprintf(stdout, "sqlreview %s\n", d.Version)
	if d.Revision != "" {
		dirty := ""
		if d.Modified {
			dirty = " (modified)"
		}
		fmt.Fprintf(stdout, "revision: %s %s%s\n", d.Revision, d.Time, dirty)
	}
	fmt.Fprintf(stdout, "go: %s\n", d.Go)
	parser := "PostgreSQL " + d.PostgresGrammar + " grammar (libpg_query"
	if d.PgQueryGo != "" {
		parser += ", pg_query_go " + d.PgQueryGo
	}
	fmt.Fprintf(stdout, "parser: %s)\n", parser)
	return nil
}

// oneLine makes a message one line that its content cannot hijack: the
// lines of a multi-line message are joined, since the reason is often on a
// later line (pgx puts each connection attempt on its own), and control
// characters and CI command prefixes are escaped (report.Escape).
func oneLine(s string) string {
	var parts []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			parts = append(parts, line)
		}
	}
	return report.Escape(strings.Join(parts, " "))
}
