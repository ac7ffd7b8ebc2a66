// Command sqlreview reviews PostgreSQL migrations.
//
//	sqlreview check [flags] PATH...   lint files, directories or - (stdin)
//	sqlreview rules                   list the rules
//	sqlreview explain RULE            show a rule's documentation
//	sqlreview init                    write a commented .sqlreview.yaml
//	                                  (--from-bytebase FILE, --from-squawk FILE convert a peer's config)
//	sqlreview config verify [FILE]    check a config file
//	sqlreview version                 print the version
//
// Exit codes: 0 = no finding at or above fail-on, 1 = some, 2 = usage,
// config or I/O error.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

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

const usage = `sqlreview reviews PostgreSQL migrations.

Usage:
  sqlreview check [flags] PATH...    lint .sql files, directories or - (stdin)
  sqlreview rules [--format text|json]
  sqlreview explain RULE [--format text|json]
  sqlreview init [--force]           write a commented .sqlreview.yaml here
  sqlreview init --from-bytebase FILE | --from-squawk FILE   convert a Bytebase SQL review policy or a .squawk.toml
  sqlreview config verify [FILE]     check a config file (default: the nearest one)
  sqlreview lsp                      language server on standard input/output
  sqlreview plan [DIR] DB                      what apply would do (pending files, locks, review)
  sqlreview apply [DIR] DB                     review and apply the pending migrations
  sqlreview history DB                         what ran, when, by whom, how long, the result
  sqlreview baseline [DIR] DB --version V      adopt an existing database (versions <= V count as applied)
  sqlreview repair [DIR] DB --version V        accept the edited content of an applied file
  sqlreview schema dump DB                     the normalized live schema
  sqlreview drift DB                           changes made outside sqlreview since the last apply
  sqlreview drift accept DB --reason TEXT      record the drifted schema as the new snapshot (apply refuses drift)
      DB is --database-url URL (default $SQLREVIEW_DATABASE_URL) or --env E [--target T]:
      every target of environment E in the config, one after the other
  sqlreview release create|list|show          record an immutable, reviewed, content-addressed release
  sqlreview release diff ID --env E           the schema change a release makes on an environment, as SQL
  sqlreview rollout --release ID --env E      apply a release to every target of an environment
  sqlreview approve --release ID --env E --by NAME --key FILE   sign an approval of a release for a gated environment
      (--rollout: confirm a manual rollout instead; no --key: the SSH agent signs)
  sqlreview status [--release ID]             per environment and target: pending, running, succeeded, failed
  sqlreview version

Run 'sqlreview check --help' for the check flags.
Exit codes: 0 no findings at or above fail-on, 1 findings, 2 usage/config/I-O error.
`

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
		fmt.Fprint(stderr, usage)
		return exitError
	}
	var err error
	code = exitOK
	switch args[0] {
	case "check":
		code, err = cmdCheck(args[1:], stdin, stdout, stderr)
	case "rules":
		err = cmdRules(args[1:], stdout)
	case "explain":
		err = cmdExplain(args[1:], stdout)
	case "init":
		err = cmdInit(args[1:], stdout, stderr)
	case "config":
		err = cmdConfig(args[1:], stdout)
	case "lsp":
		code, err = cmdLSP(args[1:], stdin, stdout, stderr)
	case "plan":
		code, err = cmdPlan(args[1:], stdout, stderr)
	case "apply":
		code, err = cmdApply(args[1:], stdout, stderr)
	case "history":
		code, err = cmdHistory(args[1:], stdout, stderr)
	case "baseline":
		code, err = cmdBaseline(args[1:], stdout, stderr)
	case "repair":
		code, err = cmdRepair(args[1:], stdout, stderr)
	case "schema":
		code, err = cmdSchema(args[1:], stdout, stderr)
	case "drift":
		code, err = cmdDrift(args[1:], stdout, stderr)
	case "release":
		code, err = cmdRelease(args[1:], stdout, stderr)
	case "rollout":
		code, err = cmdRollout(args[1:], stdout, stderr)
	case "approve":
		code, err = cmdApprove(args[1:], stdout, stderr)
	case "status":
		code, err = cmdStatus(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "sqlreview %s\n", version)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
	default:
		err = usagef("unknown command %q; run `sqlreview help`", args[0])
	}
	if err != nil {
		if !errors.Is(err, errHelpShown) {
			fmt.Fprintf(stderr, "sqlreview: %s\n", oneLine(err.Error()))
		}
		return exitError
	}
	return code
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
