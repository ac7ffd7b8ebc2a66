package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/sqlreview/sqlreview/rules/config"
)

// streams are a command's standard input, output and error.
type streams struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// command is one node of the command tree. Dispatch, the general usage,
// `sqlreview help CMD [SUB]` and `CMD [SUB] --help` all come from this one
// table, so a command cannot be reachable without help, or the reverse.
type command struct {
	name    string // as typed: "check", or "verify" under "config"
	summary string // one line in the general usage
	usage   string // the usage line after "sqlreview "
	example string // lines of example command lines, each starting "sqlreview "
	// run executes the command with the arguments after its name. A group
	// whose subcommands have no run of their own receives the subcommand
	// name as its first argument.
	run  func(args []string, s streams) (int, error)
	subs []*command
	// needsSub: the command does nothing without a subcommand.
	needsSub bool
}

// dbSelect is the usage of the database selection the database commands share.
const dbSelect = "(--database-url URL | --env E [--target T])"

// commands is the command tree, in the order the general usage lists it.
var commands []*command

func init() {
	commands = []*command{
		{name: "check", summary: "lint .sql files, directories or - (standard input)", usage: "check [flags] [PATH...]",
			example: "sqlreview check migrations/\nsqlreview check --format sarif=sqlreview.sarif --fail-on warning migrations/",
			run:     func(a []string, s streams) (int, error) { return cmdCheck(a, s.stdin, s.stdout, s.stderr) }},
		{name: "rules", summary: "list the rules", usage: "rules [--format text|json]", example: "sqlreview rules --format json",
			run: func(a []string, s streams) (int, error) { return exitOK, cmdRules(a, s.stdout) }},
		{name: "explain", summary: "show a rule's documentation", usage: "explain RULE [--format text|json]", example: "sqlreview explain ban-drop-column",
			run: func(a []string, s streams) (int, error) { return exitOK, cmdExplain(a, s.stdout) }},
		{name: "init", summary: "write a commented .sqlreview.yaml here, or convert a Bytebase policy or a .squawk.toml",
			usage: "init [--force] [--from-bytebase FILE | --from-squawk FILE]", example: "sqlreview init\nsqlreview init --from-squawk .squawk.toml",
			run: func(a []string, s streams) (int, error) { return exitOK, cmdInit(a, s.stdout, s.stderr) }},
		{name: "config", summary: "work with the config file", usage: "config verify [FILE]", example: "sqlreview config verify", needsSub: true,
			run: func(a []string, s streams) (int, error) { return exitOK, cmdConfig(a, s.stdout) },
			subs: []*command{{name: "verify", summary: "check a config file (default: the nearest .sqlreview.yaml)", usage: "config verify [FILE]",
				example: "sqlreview config verify\nsqlreview config verify ci/.sqlreview.yaml"}}},
		{name: "lsp", summary: "language server on standard input/output", usage: "lsp [--stdio]", example: "sqlreview lsp",
			run: func(a []string, s streams) (int, error) { return cmdLSP(a, s.stdin, s.stdout, s.stderr) }},
		{name: "plan", summary: "what apply would do: pending files, locks, review", usage: "plan [DIR] " + dbSelect + " [flags]",
			example: "sqlreview plan migrations --database-url postgres://app@localhost/app\nsqlreview plan --env staging --format json",
			run:     func(a []string, s streams) (int, error) { return cmdPlan(a, s.stdout, s.stderr) }},
		{name: "apply", summary: "review and apply the pending migrations", usage: "apply [DIR] " + dbSelect + " [flags]",
			example: "sqlreview apply migrations --database-url postgres://app@localhost/app\nsqlreview apply --env staging --lock-wait 2m",
			run:     func(a []string, s streams) (int, error) { return cmdApply(a, s.stdout, s.stderr) }},
		{name: "history", summary: "what ran, when, by whom, how long, the result", usage: "history " + dbSelect + " [flags]",
			example: "sqlreview history --env production --events",
			run:     func(a []string, s streams) (int, error) { return cmdHistory(a, s.stdout, s.stderr) }},
		{name: "baseline", summary: "adopt an existing database: versions up to --version count as applied", usage: "baseline [DIR] " + dbSelect + " --version V [flags]",
			example: "sqlreview baseline migrations --env production --version 20250115090000",
			run:     func(a []string, s streams) (int, error) { return cmdBaseline(a, s.stdout, s.stderr) }},
		{name: "repair", summary: "accept the edited content of an applied file", usage: "repair [DIR] " + dbSelect + " --version V [flags]",
			example: "sqlreview repair migrations --database-url postgres://app@localhost/app --version 20250115090000",
			run:     func(a []string, s streams) (int, error) { return cmdRepair(a, s.stdout, s.stderr) }},
		{name: "schema", summary: "the live schema", usage: "schema dump " + dbSelect + " [flags]", example: "sqlreview schema dump --env production > schema.sql", needsSub: true,
			run: func(a []string, s streams) (int, error) { return cmdSchema(a, s.stdout, s.stderr) },
			subs: []*command{{name: "dump", summary: "the normalized live schema, as SQL", usage: "schema dump " + dbSelect + " [flags]",
				example: "sqlreview schema dump --database-url postgres://app@localhost/app > schema.sql"}}},
		{name: "drift", summary: "changes made outside sqlreview since the last apply (exit 1 on drift)", usage: "drift " + dbSelect + " [flags]",
			example: "sqlreview drift --env production",
			run:     func(a []string, s streams) (int, error) { return cmdDrift(a, s.stdout, s.stderr) },
			subs: []*command{{name: "accept", summary: "record the drifted schema as the new snapshot (apply refuses drift)", usage: "drift accept " + dbSelect + " --reason TEXT [flags]",
				example: "sqlreview drift accept --env production --reason \"hotfix INC-42\""}}},
		{name: "release", summary: "immutable, reviewed, content-addressed releases", usage: "release create|list|show|diff [flags]",
			example: "sqlreview release create migrations\nsqlreview release list", needsSub: true,
			run: func(a []string, s streams) (int, error) { return cmdRelease(a, s.stdout, s.stderr) },
			subs: []*command{
				{name: "create", summary: "record a release of the migrations directory", usage: "release create [DIR] [flags]", example: "sqlreview release create migrations --id-template '{date}-{n}'"},
				{name: "list", summary: "the recorded releases, newest first", usage: "release list [flags]", example: "sqlreview release list --format json"},
				{name: "show", summary: "a release: its files, review, risk and where it is new", usage: "release show ID [flags]", example: "sqlreview release show 2025-01-15-1 --env production --sql"},
				{name: "diff", summary: "the schema change a release makes on an environment, as SQL", usage: "release diff ID --env E [flags]", example: "sqlreview release diff 2025-01-15-1 --env staging"},
			}},
		{name: "rollout", summary: "apply a release to every target of an environment", usage: "rollout --release ID --env E [flags]",
			example: "sqlreview rollout --release 2025-01-15-1 --env staging\nsqlreview rollout --release 2025-01-15-1 --env production --shard 1/4",
			run:     func(a []string, s streams) (int, error) { return cmdRollout(a, s.stdout, s.stderr) }},
		{name: "approve", summary: "sign an approval of a release for a gated environment (or confirm a manual rollout)", usage: "approve --release ID --env E --by NAME [flags]",
			example: "sqlreview approve --release 2025-01-15-1 --env production --by alice@example.com --key ~/.ssh/id_ed25519",
			run:     func(a []string, s streams) (int, error) { return cmdApprove(a, s.stdout, s.stderr) }},
		{name: "status", summary: "per environment and target: pending, running, succeeded, failed", usage: "status [flags]",
			example: "sqlreview status --release 2025-01-15-1",
			run:     func(a []string, s streams) (int, error) { return cmdStatus(a, s.stdout, s.stderr) }},
		{name: "version", summary: "the version, Go toolchain and PostgreSQL grammar of this build", usage: "version [--format text|json]",
			example: "sqlreview version\nsqlreview version --format json",
			run:     func(a []string, s streams) (int, error) { return exitOK, cmdVersion(a, s.stdout) }},
		{name: "help", summary: "help on a command", usage: "help [CMD [SUB]]", example: "sqlreview help check\nsqlreview help release show",
			run: cmdHelp},
	}
}

// find returns the command named name among cmds, or nil.
func find(cmds []*command, name string) *command {
	for _, c := range cmds {
		if c.name == name {
			return c
		}
	}
	return nil
}

func names(cmds []*command) []string {
	var out []string
	for _, c := range cmds {
		out = append(out, c.name)
	}
	return out
}

// unknownName is the usage error for a mistyped command or subcommand.
func unknownName(kind, name string, cmds []*command, run string) error {
	if s := config.Suggest(name, names(cmds)); s != "" {
		return usagef("unknown %s %q; did you mean %q?", kind, name, s)
	}
	return usagef("unknown %s %q; run `%s` for the list", kind, name, run)
}

// isHelpFlag reports whether arg asks for help.
func isHelpFlag(arg string) bool {
	switch arg {
	case "-h", "--help", "-help":
		return true
	}
	return false
}

// dispatch resolves the command of args and runs it. Its help is printed
// here, for every command alike, when the command's flag parsing reports
// a help request (so the flags shown are the ones it parses).
func dispatch(args []string, s streams) (int, error) {
	c := find(commands, args[0])
	if c == nil {
		return exitError, unknownName("command", args[0], commands, "sqlreview help")
	}
	path := []*command{c}
	rest := args[1:]
	if len(rest) > 0 && len(c.subs) > 0 {
		if sub := find(c.subs, rest[0]); sub != nil {
			path = append(path, sub)
		}
	}
	if c.needsSub && len(path) == 1 {
		switch {
		case len(rest) == 0 || strings.HasPrefix(rest[0], "-") && !isHelpFlag(rest[0]):
			return exitError, usagef("%s: give a subcommand: %s; run `sqlreview %s --help`", c.name, strings.Join(names(c.subs), ", "), c.name)
		case isHelpFlag(rest[0]):
			return exitOK, writeHelp(s.stdout, path, nil)
		default:
			return exitError, unknownName(c.name+" subcommand", rest[0], c.subs, "sqlreview "+c.name+" --help")
		}
	}
	code, err := c.run(rest, s)
	var h helpRequest
	if errors.As(err, &h) {
		return exitOK, writeHelp(s.stdout, path, h.fs)
	}
	return code, err
}

// cmdHelp is `sqlreview help [CMD [SUB]]`: exactly what `CMD [SUB] --help` prints.
func cmdHelp(args []string, s streams) (int, error) {
	if len(args) == 0 {
		fmt.Fprint(s.stdout, generalUsage())
		return exitOK, nil
	}
	if isHelpFlag(args[0]) || args[0] == "help" {
		// help's own help: it has no flag set to parse.
		return exitOK, writeHelp(s.stdout, []*command{find(commands, "help")}, helpFlags())
	}
	if len(args) > 2 {
		return exitError, usagef("help: give a command and at most one subcommand, e.g. `sqlreview help release show`")
	}
	c := find(commands, args[0])
	if c == nil {
		return exitError, unknownName("command", args[0], commands, "sqlreview help")
	}
	if len(args) == 2 && find(c.subs, args[1]) == nil {
		return exitError, unknownName(c.name+" subcommand", args[1], c.subs, "sqlreview "+c.name+" --help")
	}
	return dispatch(append(append([]string{}, args...), "--help"), s)
}

// helpFlags is the (empty) flag set of `help`, whose help has no flags.
func helpFlags() *flag.FlagSet { return newFlagSet("help", nil) }

// writeHelp prints the help of the command at the end of path: its usage
// line, summary, flags (from the flag set it parses), subcommands and
// examples.
func writeHelp(w io.Writer, path []*command, fs *flag.FlagSet) error {
	c := path[len(path)-1]
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: sqlreview %s\n\n%s\n", c.usage, capitalize(c.summary))
	if fs != nil {
		var flags strings.Builder
		fs.VisitAll(func(f *flag.Flag) { writeFlag(&flags, f) })
		if flags.Len() > 0 {
			fmt.Fprintf(&b, "\nFlags:\n%s", flags.String())
		}
	}
	if len(c.subs) > 0 {
		b.WriteString("\nSubcommands:\n")
		for _, sub := range c.subs {
			fmt.Fprintf(&b, "  %-8s %s\n", sub.name, sub.summary)
		}
		fmt.Fprintf(&b, "Run `sqlreview help %s SUBCOMMAND` for a subcommand's flags.\n", c.name)
	}
	b.WriteString("\nExamples:\n")
	for _, line := range strings.Split(c.example, "\n") {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeFlag prints one flag as `--name PLACEHOLDER` and its one-line
// description. The placeholder is the usage's `backquoted` word, else the
// value's type (flag.UnquoteUsage); booleans take none.
func writeFlag(b *strings.Builder, f *flag.Flag) {
	placeholder, desc := flag.UnquoteUsage(f)
	// A usage that starts with its placeholder ("`FILE`: config file")
	// names it once, on the flag's line.
	desc = strings.TrimPrefix(desc, placeholder+": ")
	fmt.Fprintf(b, "  --%s", f.Name)
	if placeholder != "" {
		fmt.Fprintf(b, " %s", placeholder)
	}
	if def := f.DefValue; def != "" && def != "false" && def != "0" {
		desc += fmt.Sprintf(" (default %s)", def)
	}
	fmt.Fprintf(b, "\n        %s\n", desc)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// generalUsage lists every command, from the table.
func generalUsage() string {
	var b strings.Builder
	b.WriteString("sqlreview reviews PostgreSQL migrations.\n\nUsage:\n")
	for _, c := range commands {
		if len(c.subs) > 0 && c.needsSub {
			for _, sub := range c.subs {
				fmt.Fprintf(&b, "  sqlreview %-16s %s\n", c.name+" "+sub.name, sub.summary)
			}
			continue
		}
		fmt.Fprintf(&b, "  sqlreview %-16s %s\n", c.name, c.summary)
		for _, sub := range c.subs {
			fmt.Fprintf(&b, "  sqlreview %-16s %s\n", c.name+" "+sub.name, sub.summary)
		}
	}
	b.WriteString(`
The database commands take --database-url URL (default $SQLREVIEW_DATABASE_URL)
or --env E [--target T]: every target of environment E in the config, one after the other.

Run 'sqlreview help CMD' (or 'sqlreview CMD --help') for a command's flags and examples.
Exit codes: 0 no findings at or above fail-on, 1 findings (or a failed apply, rollout or drift),
2 usage, config or I/O error.
`)
	return b.String()
}

// helpRequest is the error a command's flag parsing returns for -h/--help:
// dispatch prints the help with the flag set that was parsed.
type helpRequest struct{ fs *flag.FlagSet }

func (helpRequest) Error() string        { return "help requested" }
func (helpRequest) Is(target error) bool { return target == errHelpShown }
