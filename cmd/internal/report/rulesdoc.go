package report

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/sqlreview/sqlreview/rules"
)

// RuleReference renders docs/rules.md, the rule reference, from the rules'
// metadata: a table of every rule, then one section per rule whose heading
// is the rule's name, so GitHub gives it the anchor DocURL links to.
func RuleReference(rs []*rules.Rule) string {
	var b strings.Builder
	b.WriteString(ruleReferenceIntro)
	b.WriteString(RuleTable(rs))
	for _, r := range rs {
		b.WriteString("\n")
		writeRuleSection(&b, r)
	}
	return b.String()
}

const ruleReferenceIntro = `<!-- Generated from the rule registry; do not edit. Regenerate with
     UPDATE_DOCS=1 go test ./cmd/sqlreview -run TestRuleReference -->
# Rule reference

Every rule sqlreview has, generated from the rules' own metadata: the same text ` + "`sqlreview explain RULE`" + `
prints, the language server shows on hover, and SARIF's ` + "`helpUri`" + ` links to (each rule's section below).

- ` + "`sqlreview rules [--format text|json]`" + ` lists every rule.
- ` + "`sqlreview explain RULE [--format text|json]`" + ` shows a rule's rationale, a bad and a good example,
  and its fix; ` + "`RULE`" + ` may be a name, code or alias.
- Everywhere a rule is named (config, suppression comments, ` + "`--enable`" + `, ` + "`explain`" + `) its name, its code
  or any of its aliases works: Bytebase SQL Review keys, Squawk and postgres-language-server names.
- *Recommended* rules are on with ` + "`rules.default: recommended`" + ` (the default); see
  [Configuration](configuration.md) for turning rules on and off, their severity and their options, and
  [Suppressions](check.md#suppressions) for accepting one finding.

`

// RuleTable renders the rules as a Markdown table, each name linking to
// the rule's section of the reference.
func RuleTable(rs []*rules.Rule) string {
	var b strings.Builder
	b.WriteString("| code | name | category | severity | recommended | fix | what it reports |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "| %s | [`%s`](#%s) | %s | %s | %s | %s | %s |\n", r.Code, r.Name, r.DocAnchor(), r.Category, r.Severity,
			yesOrBlank(r.Default), fixOrBlank(r.Fix), cell(r.Doc.Title))
	}
	return b.String()
}

// writeRuleSection writes one rule's section. Its heading is the bare
// name: GitHub's anchor for it is then the name itself (DocAnchor).
func writeRuleSection(b *strings.Builder, r *rules.Rule) {
	fmt.Fprintf(b, "## %s\n\n", r.DocAnchor())
	fmt.Fprintf(b, "**%s**\n\n", strings.TrimSpace(r.Doc.Title))
	fmt.Fprintf(b, "| code | category | default severity | recommended | fix |\n|---|---|---|---|---|\n")
	fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n\n", r.Code, r.Category, r.Severity, yesOrNo(r.Default), r.Fix)
	if len(r.Aliases) > 0 {
		fmt.Fprintf(b, "Also known as: %s.\n\n", codeList(r.Aliases))
	}
	if r.Doc.Why != "" {
		fmt.Fprintf(b, "**Why.** %s\n\n", strings.TrimSpace(r.Doc.Why))
	}
	writeSQL(b, "Reported", r.Doc.Bad)
	writeSQL(b, "Not reported", r.Doc.Good)
	if r.Doc.FixSafety != "" {
		fmt.Fprintf(b, "**Fix.** %s\n\n", strings.TrimSpace(r.Doc.FixSafety))
	}
	writeSettings(b, r)
	fmt.Fprintf(b, "Suppress one finding with `-- sqlreview:ignore %s -- <reason>`.\n", r.Name)
}

func writeSQL(b *strings.Builder, label, sql string) {
	if strings.TrimSpace(sql) == "" {
		return
	}
	fmt.Fprintf(b, "%s:\n\n```sql\n%s\n```\n\n", label, strings.TrimRight(sql, "\n"))
}

// writeSettings lists the rule's options with their defaults, as
// rules.settings.<rule> in .sqlreview.yaml sets them.
func writeSettings(b *strings.Builder, r *rules.Rule) {
	if len(r.Settings) == 0 {
		return
	}
	keys := make([]string, 0, len(r.Settings))
	for k := range r.Settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(b, "Options (`rules.settings.%s` in `.sqlreview.yaml`):\n\n| option | default |\n|---|---|\n", r.Name)
	for _, k := range keys {
		v, err := json.Marshal(r.Settings[k])
		if err != nil {
			v = []byte(fmt.Sprint(r.Settings[k]))
		}
		fmt.Fprintf(b, "| `%s` | `%s` |\n", k, cell(string(v)))
	}
	b.WriteString("\n")
}

func codeList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = "`" + s + "`"
	}
	return strings.Join(quoted, ", ")
}

// cell escapes text for one Markdown table cell.
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), "|", `\|`), "\n", " ")
}

func yesOrBlank(ok bool) string {
	if ok {
		return "yes"
	}
	return ""
}

func yesOrNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func fixOrBlank(f rules.FixAvailability) string {
	if f == rules.FixNone {
		return ""
	}
	return f.String()
}
