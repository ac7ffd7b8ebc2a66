package main

import (
	"flag"
	"regexp"
	"strings"
	"testing"
)

// helpPath is one node of the command tree as typed: "release show".
type helpPath struct {
	args []string
	cmd  *command
}

// commandTree lists every command and subcommand of the one table.
func commandTree() []helpPath {
	var out []helpPath
	for _, c := range commands {
		out = append(out, helpPath{[]string{c.name}, c})
		for _, sub := range c.subs {
			out = append(out, helpPath{[]string{c.name, sub.name}, sub})
		}
	}
	return out
}

// flagSetOf returns the flag set the command at args parses (nil for a
// group that only dispatches), from the help request its parsing reports.
func flagSetOf(t *testing.T, args []string) *flag.FlagSet {
	t.Helper()
	c := find(commands, args[0])
	if c.needsSub && len(args) == 1 {
		return nil
	}
	rest := append(append([]string{}, args[1:]...), "--help")
	if c.name == "help" {
		return helpFlags()
	}
	_, err := c.run(rest, streams{strings.NewReader(""), &strings.Builder{}, &strings.Builder{}})
	h, ok := err.(helpRequest)
	if !ok {
		t.Fatalf("%v --help: the command did not report a help request: %v", args, err)
	}
	return h.fs
}

// Every command and subcommand answers -h, --help and `help CMD [SUB]` on
// standard output with exit 0: its own usage line, every flag it parses
// with a one-line description and a readable placeholder, and an example.
func TestHelpEveryCommand(t *testing.T) {
	t.Setenv("SQLREVIEW_DATABASE_URL", "postgres://u:secret@h/d")
	placeholder := regexp.MustCompile(`^(|[A-Z][A-Z_]*|i/N|duration)$`)
	for _, p := range commandTree() {
		name := strings.Join(p.args, " ")
		code, help, stderr := runCLI(t, t.TempDir(), "", append(append([]string{}, p.args...), "--help")...)
		if code != exitOK || stderr != "" {
			t.Errorf("%s --help: exit %d, stderr %q; want 0 and nothing", name, code, stderr)
			continue
		}
		if !strings.HasPrefix(help, "Usage: sqlreview "+name+" ") && help != "Usage: sqlreview "+name+"\n" && !strings.HasPrefix(help, "Usage: sqlreview "+name+"\n") {
			t.Errorf("%s --help: the usage line does not name the command:\n%s", name, help)
		}
		if !regexp.MustCompile(`(?m)^Examples:\n  sqlreview ` + regexp.QuoteMeta(name) + `\b`).MatchString(help) {
			t.Errorf("%s --help: no example of the command:\n%s", name, help)
		}
		if strings.Contains(help, "secret") {
			t.Errorf("%s --help shows the database URL from the environment", name)
		}
		if fs := flagSetOf(t, p.args); fs != nil {
			fs.VisitAll(func(f *flag.Flag) {
				ph, desc := flag.UnquoteUsage(f)
				if !placeholder.MatchString(ph) {
					t.Errorf("%s --%s: placeholder %q does not read as a value", name, f.Name, ph)
				}
				line := regexp.MustCompile(`(?m)^  --` + regexp.QuoteMeta(f.Name) + `( \S+)?\n        \S.*\n`)
				if strings.TrimSpace(desc) == "" || !line.MatchString(help) {
					t.Errorf("%s --help: flag --%s not listed with a description:\n%s", name, f.Name, help)
				}
			})
		}
		for _, other := range [][]string{append(append([]string{}, p.args...), "-h"), append([]string{"help"}, p.args...)} {
			code, out, stderr := runCLI(t, t.TempDir(), "", other...)
			if code != exitOK || out != help || stderr != "" {
				t.Errorf("%v: exit %d, stderr %q, output differs from `%s --help`:\n%s", other, code, stderr, name, out)
			}
		}
	}
}

// The general usage lists every command of the table.
func TestHelpListsEveryCommand(t *testing.T) {
	code, out, _ := runCLI(t, "", "", "help")
	if code != exitOK {
		t.Fatalf("help: exit %d", code)
	}
	for _, p := range commandTree() {
		if p.cmd.needsSub && len(p.args) == 1 {
			continue // listed by its subcommands
		}
		if !strings.Contains(out, "  sqlreview "+strings.Join(p.args, " ")+" ") {
			t.Errorf("help does not list %v:\n%s", p.args, out)
		}
	}
	_, dash, _ := runCLI(t, "", "", "--help")
	if dash != out {
		t.Errorf("--help differs from help")
	}
}

// Mistyped commands, subcommands and flags are usage errors (exit 2) that
// suggest the nearest name.
func TestUnknownNamesSuggest(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"chek", "."}, "sqlreview: unknown command \"chek\"; did you mean \"check\"?\n"},
		{[]string{"frobnicate"}, "sqlreview: unknown command \"frobnicate\"; run `sqlreview help` for the list\n"},
		{[]string{"release", "crate"}, "sqlreview: unknown release subcommand \"crate\"; did you mean \"create\"?\n"},
		{[]string{"help", "rollot"}, "sqlreview: unknown command \"rollot\"; did you mean \"rollout\"?\n"},
		{[]string{"check", "--fial-on", "error", "."}, "sqlreview: check: unknown flag --fial-on; did you mean --fail-on?\n"},
		{[]string{"rollout", "-relase", "r1", "--env", "prod"}, "sqlreview: rollout: unknown flag --relase; did you mean --release?\n"},
		{[]string{"release", "show", "--sqll", "r1"}, "sqlreview: release show: unknown flag --sqll; did you mean --sql?\n"},
		{[]string{"rules", "--frmat", "json"}, "sqlreview: rules: unknown flag --frmat; did you mean --format?\n"},
		{[]string{"apply", "--lock-wait", "soon"}, "sqlreview: apply: invalid value \"soon\" for flag --lock-wait: parse error\n"},
	} {
		code, out, stderr := runCLI(t, t.TempDir(), "", c.args...)
		if code != exitError || stderr != c.want || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2, %q", c.args, code, out, stderr, c.want)
		}
	}
}

// An unknown environment is the same mistake in every command that takes
// --env, and exits 2 in each, naming the configured ones. The commands come
// from the table: a new command with --env must say here what else it needs.
func TestUnknownEnvironmentExit2Everywhere(t *testing.T) {
	t.Setenv("SQLREVIEW_DATABASE_URL", "")
	dir := writeFiles(t, map[string]string{
		".sqlreview.yaml":      "migrations: {dir: migrations}\nenvironments:\n  - name: prod\n    targets: [{name: p1, url: \"postgres://u@127.0.0.1:1/x\"}]\n",
		"migrations/001_t.sql": "CREATE TABLE t (id bigint PRIMARY KEY);\n",
	})
	gitRun(t, dir, "init", "-q", ".")
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-qm", "init")
	if code, out, errOut := runCLI(t, dir, "", "release", "create", "migrations", "--id-template", "r{n}"); code != exitOK {
		t.Fatalf("release create: exit %d\n%s%s", code, out, errOut)
	}
	needs := map[string][]string{
		"check":        {"migrations"},
		"baseline":     {"--version", "1"},
		"repair":       {"--version", "1"},
		"drift accept": {"--reason", "hotfix"},
		"rollout":      {"--release", "r1"},
		"approve":      {"--release", "r1", "--by", "alice"},
		"release show": {"r1"},
		"release diff": {"r1"},
		"plan":         nil,
		"apply":        nil,
		"history":      nil,
		"schema dump":  nil,
		"drift":        nil,
	}
	for _, p := range commandTree() {
		fs := flagSetOf(t, p.args)
		if fs == nil || fs.Lookup("env") == nil {
			continue
		}
		name := strings.Join(p.args, " ")
		extra, ok := needs[name]
		if !ok {
			t.Errorf("%s takes --env: add what else it needs to this test", name)
			continue
		}
		args := append(append(append([]string{}, p.args...), extra...), "--env", "nope")
		code, _, errOut := runCLI(t, dir, "", args...)
		if code != exitError || !strings.HasSuffix(errOut, "unknown environment \"nope\"; configured: prod\n") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and the unknown environment", args, code, errOut)
		}
	}
}
