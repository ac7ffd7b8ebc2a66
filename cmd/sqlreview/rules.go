package main

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/config/convert"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/knowledge"
)

// ruleJSON is the JSON shape of a rule for `rules` and `explain`.
type ruleJSON struct {
	Code      string         `json:"code"`
	Name      string         `json:"name"`
	Aliases   []string       `json:"aliases"`
	Title     string         `json:"title"`
	Category  string         `json:"category"`
	Severity  string         `json:"severity"`
	Default   bool           `json:"default"`
	Fix       string         `json:"fix"`
	Why       string         `json:"why,omitempty"`
	Bad       string         `json:"bad,omitempty"`
	Good      string         `json:"good,omitempty"`
	FixSafety string         `json:"fixSafety,omitempty"`
	Settings  map[string]any `json:"settings,omitempty"`
	DocURL    string         `json:"docUrl"` // the rule's section of docs/rules.md
}

func toJSON(r *rules.Rule, full bool) ruleJSON {
	j := ruleJSON{Code: r.Code, Name: r.Name, Aliases: r.Aliases, Title: r.Doc.Title, Category: string(r.Category),
		Severity: r.Severity.String(), Default: r.Default, Fix: r.Fix.String(), Settings: r.Settings, DocURL: r.DocURL()}
	if j.Aliases == nil {
		j.Aliases = []string{}
	}
	if full {
		j.Why, j.Bad, j.Good, j.FixSafety = r.Doc.Why, r.Doc.Bad, r.Doc.Good, r.Doc.FixSafety
	}
	return j
}

func formatFlag(args []string, name string) (string, []string, error) {
	fs := newFlagSet(name, io.Discard)
	format := fs.String("format", "text", "`FORMAT`: text or json")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return "", nil, err
	}
	if *format != "text" && *format != "json" {
		return "", nil, usagef("--format %q: use text or json", *format)
	}
	return *format, pos, nil
}

func cmdRules(args []string, stdout io.Writer) error {
	format, _, err := formatFlag(args, "rules")
	if err != nil {
		return err
	}
	if format == "json" {
		var out []ruleJSON
		for _, r := range all.Rules() {
			out = append(out, toJSON(r, false))
		}
		return writeJSON(stdout, out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tNAME\tCATEGORY\tSEVERITY\tDEFAULT\tFIX\tTITLE")
	for _, r := range all.Rules() {
		def := "-"
		if r.Default {
			def = "on"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Code, r.Name, r.Category, r.Severity, def, r.Fix, r.Doc.Title)
	}
	return tw.Flush()
}

func cmdExplain(args []string, stdout io.Writer) error {
	format, pos, err := formatFlag(args, "explain")
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("explain: give one rule name, code or alias, e.g. `sqlreview explain ban-drop-column`")
	}
	r := all.Lookup(pos[0])
	if r == nil {
		hint := ""
		if s := config.Suggest(pos[0], all.Names()); s != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", s)
		}
		return usagef("explain: unknown rule %q%s; run `sqlreview rules` for the list", pos[0], hint)
	}
	if format == "json" {
		return writeJSON(stdout, toJSON(r, true))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s — %s\n\n", r.Code, r.Name, r.Doc.Title)
	fmt.Fprintf(&b, "Category: %s   Default severity: %s   Recommended: %v   Fix: %s\n", r.Category, r.Severity, r.Default, r.Fix)
	if len(r.Aliases) > 0 {
		fmt.Fprintf(&b, "Also known as: %s\n", strings.Join(r.Aliases, ", "))
	}
	if r.Doc.Why != "" {
		fmt.Fprintf(&b, "\nWhy:\n%s\n", indent(r.Doc.Why))
	}
	if r.Doc.Bad != "" {
		fmt.Fprintf(&b, "\nBad:\n%s\n", indent(r.Doc.Bad))
	}
	if r.Doc.Good != "" {
		fmt.Fprintf(&b, "\nGood:\n%s\n", indent(r.Doc.Good))
	}
	if r.Doc.FixSafety != "" {
		fmt.Fprintf(&b, "\nFix:\n%s\n", indent(r.Doc.FixSafety))
	}
	if len(r.Settings) > 0 {
		keys := make([]string, 0, len(r.Settings))
		for k := range r.Settings {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("\nSettings (rules.settings." + r.Name + "):\n")
		for _, k := range keys {
			fmt.Fprintf(&b, "    %s: %v\n", k, r.Settings[k])
		}
	}
	fmt.Fprintf(&b, "\nSuppress with: -- sqlreview:ignore %s -- <reason>\n", r.Name)
	fmt.Fprintf(&b, "\nDocs: %s\n", r.DocURL())
	_, err = io.WriteString(stdout, b.String())
	return err
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func cmdInit(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("init", io.Discard)
	force := fs.Bool("force", false, "overwrite an existing .sqlreview.yaml")
	fromBytebase := fs.String("from-bytebase", "", "`FILE`: convert an exported Bytebase SQL review policy (YAML or JSON)")
	fromSquawk := fs.String("from-squawk", "", "`FILE`: convert a Squawk .squawk.toml")
	if pos, err := parseInterspersed(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("init: unexpected argument %q; it writes .sqlreview.yaml in the current directory", pos[0])
	}
	if *fromBytebase != "" && *fromSquawk != "" {
		return usagef("init: give --from-bytebase or --from-squawk, not both")
	}
	path := config.FileNames[0]
	if _, err := os.Stat(path); err == nil && !*force {
		return usagef("init: %s already exists; use --force to overwrite it", path)
	}
	text := config.DefaultYAML()
	var conv *convert.Result
	if src := *fromBytebase + *fromSquawk; src != "" {
		data, err := os.ReadFile(src)
		if err != nil {
			return fmt.Errorf("init: cannot read %s: %v", src, unwrapPath(err))
		}
		if *fromBytebase != "" {
			conv, err = convert.Bytebase(data, src)
		} else {
			conv, err = convert.Squawk(data, src)
		}
		if err != nil {
			return fmt.Errorf("init: %v", err)
		}
		text = conv.Text
	}
	runner, example := detectLayout(".")
	if runner != "" {
		if t := withRunner(text, runner, example); t != text {
			text = t
		} else {
			runner = "" // the converted config already says how files run
		}
	}
	if err := writeFileAtomic(path, []byte(text)); err != nil {
		return fmt.Errorf("init: cannot write %s: %v", path, unwrapPath(err))
	}
	if runner != "" {
		fmt.Fprintf(stdout, "migrations.runner: %s (detected from %s)\n", runner, example)
	}
	if conv != nil {
		for _, n := range conv.NotConverted {
			fmt.Fprintf(stderr, "sqlreview: not converted: %s\n", oneLine(n))
		}
		fmt.Fprintf(stdout, "wrote %s (%d rules enabled, %d disabled, %d items not converted)\n", path, conv.Enabled, conv.Disabled, len(conv.NotConverted))
		return nil
	}
	fmt.Fprintf(stdout, "wrote %s\n", path)
	return nil
}

// maxLayoutFiles bounds the files init reads to recognize a layout, so it
// stays quick in a large repository.
const maxLayoutFiles = 2000

// detectLayout looks for migration files under dir whose layout names
// their runner (knowledge.DetectRunner) and returns the runner when every
// recognized file agrees, with one file as the example; "" otherwise.
func detectLayout(dir string) (runner, example string) {
	seen := 0
	conflict := false
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil || conflict || seen >= maxLayoutFiles:
			return filepath.SkipDir
		case d.IsDir() && p != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "vendor"):
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(p, ".sql"):
			return nil
		}
		seen++
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		r := knowledge.DetectRunner(p, string(data))
		switch {
		case r == "":
		case runner == "":
			runner, example = r, filepath.ToSlash(p)
		case r != runner:
			conflict = true
		}
		return nil
	})
	if conflict {
		return "", ""
	}
	return runner, example
}

// withRunner sets migrations.runner in a config text written by init: the
// default config's runner line, or a migrations section appended to a
// converted one that has none.
func withRunner(text, runner, example string) string {
	const line = "  runner: \"\"                   " // aligned with the comments after it
	if strings.Contains(text, line) {
		return strings.Replace(text, line, fmt.Sprintf("  runner: %-21s", runner), 1)
	}
	if strings.Contains(text, "\nmigrations:") {
		return text
	}
	return text + fmt.Sprintf("\nmigrations:\n  runner: %s  # detected from %s\n", runner, example)
}

func cmdConfig(args []string, stdout io.Writer) error {
	// dispatch has checked that args[0] is "verify".
	pos, err := parseInterspersed(newFlagSet("config verify", nil), args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("config verify: give at most one file")
	}
	path := ""
	if len(pos) == 1 {
		path = pos[0]
	} else {
		cwd, _ := os.Getwd()
		found, err := config.Find(cwd)
		if err != nil {
			return err
		}
		if found == "" {
			return usagef("config verify: no .sqlreview.yaml here or above; run `sqlreview init` to create one")
		}
		path = found
	}
	cfg, err := config.Load(path)
	if err != nil {
		return err
	}
	if err := engine.ValidateConfig(cfg); err != nil {
		return err
	}
	rel := path
	if cwd, err := os.Getwd(); err == nil {
		if r, err := filepath.Rel(cwd, path); err == nil && !strings.HasPrefix(r, "..") {
			rel = r
		}
	}
	fmt.Fprintf(stdout, "%s: ok\n", rel)
	return nil
}
