package main

import (
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
)

// The CI examples, the GitHub Action, the pre-commit hook and the README's
// snippets are checked against the real check command line: every sqlreview
// command in them is parsed with the check flag set and validated like the
// CLI does (flags, --fail-on, format names), so a typo fails here rather than
// in a user's pipeline.

const repoRootRel = "../.."

// shellWord is one word of a shell command after quote removal. Parameter,
// command and CI expansions ($X, ${X}, $(…), ${{ … }}, `…`) are kept as
// written and make the word dynamic: its value is only known at run time.
type shellWord struct {
	text    string
	dynamic bool
}

// shellCommands splits a script into simple commands: lines (after joining
// backslash continuations) and the parts between ;, &&, ||, | and &. It
// knows quotes, comments and redirections (dropped with their target), which
// is all the CI files here use; it is not a shell.
func shellCommands(script string) ([][]shellWord, error) {
	var (
		cmds     [][]shellWord
		cur      []shellWord
		w        strings.Builder
		inWord   bool
		dynamic  bool
		redirect bool // the next word is a redirection target
	)
	endWord := func() {
		if inWord {
			if redirect {
				redirect = false
			} else {
				cur = append(cur, shellWord{w.String(), dynamic})
			}
		}
		w.Reset()
		inWord, dynamic = false, false
	}
	endCmd := func() {
		endWord()
		if len(cur) > 0 {
			cmds = append(cmds, cur)
		}
		cur, redirect = nil, false
	}
	rs := []rune(script)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == '\\' && i+1 < len(rs):
			i++
			if rs[i] != '\n' { // backslash-newline joins lines
				w.WriteRune(rs[i])
				inWord = true
			}
		case c == '\'':
			j := i + 1
			for j < len(rs) && rs[j] != '\'' {
				j++
			}
			if j == len(rs) {
				return nil, fmt.Errorf("unterminated ' in %q", script)
			}
			w.WriteString(string(rs[i+1 : j]))
			inWord, i = true, j
		case c == '"':
			inWord = true
			for i++; i < len(rs) && rs[i] != '"'; i++ {
				switch {
				case rs[i] == '\\' && i+1 < len(rs) && strings.ContainsRune("\"\\$`\n", rs[i+1]):
					i++
					if rs[i] != '\n' {
						w.WriteRune(rs[i])
					}
				case rs[i] == '$' || rs[i] == '`':
					if n := expansionEnd(rs, i); n > i+1 {
						w.WriteString(string(rs[i:n]))
						dynamic, i = true, n-1
					} else {
						w.WriteRune(rs[i])
					}
				default:
					w.WriteRune(rs[i])
				}
			}
			if i >= len(rs) {
				return nil, fmt.Errorf("unterminated \" in %q", script)
			}
		case c == '$' || c == '`':
			inWord = true
			if n := expansionEnd(rs, i); n > i+1 {
				w.WriteString(string(rs[i:n]))
				dynamic, i = true, n-1
			} else {
				w.WriteRune(c)
			}
		case c == '#' && !inWord:
			for i+1 < len(rs) && rs[i+1] != '\n' {
				i++
			}
		case c == '\n' || c == ';' || c == '|' || c == '&' || ((c == '(' || c == ')') && !inWord):
			if (c == '&' || c == '|') && i+1 < len(rs) && rs[i+1] == c {
				i++
			}
			endCmd()
		case c == '>' || c == '<':
			if inWord && !dynamic && strings.Trim(w.String(), "0123456789") == "" {
				w.Reset() // a file descriptor: 2>&1
				inWord = false
			} else {
				endWord()
			}
			for i+1 < len(rs) && strings.ContainsRune("<>&|", rs[i+1]) {
				i++
			}
			redirect = true
		case c == ' ' || c == '\t' || c == '\r':
			endWord()
		default:
			w.WriteRune(c)
			inWord = true
		}
	}
	endCmd()
	return cmds, nil
}

// expansionEnd returns the index after the expansion starting at rs[i] ('$'
// or '`'), or i+1 when a '$' starts none.
func expansionEnd(rs []rune, i int) int {
	if rs[i] == '`' {
		for j := i + 1; j < len(rs); j++ {
			if rs[j] == '`' {
				return j + 1
			}
		}
		return len(rs)
	}
	if i+1 >= len(rs) {
		return i + 1
	}
	switch c := rs[i+1]; {
	case c == '{' || c == '(':
		closer := map[rune]rune{'{': '}', '(': ')'}[c]
		depth := 0
		for j := i + 1; j < len(rs); j++ {
			switch rs[j] {
			case c:
				depth++
			case closer:
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return len(rs)
	case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		j := i + 1
		for j < len(rs) && (rs[j] == '_' || rs[j] >= 'a' && rs[j] <= 'z' || rs[j] >= 'A' && rs[j] <= 'Z' || rs[j] >= '0' && rs[j] <= '9') {
			j++
		}
		return j
	case strings.ContainsRune("0123456789@*#?$!-", c):
		return i + 2
	}
	return i + 1
}

// shellPrefix are words that may come before a command's name.
var shellPrefix = map[string]bool{"if": true, "then": true, "else": true, "elif": true, "do": true,
	"while": true, "until": true, "!": true, "{": true, "exec": true, "time": true, "command": true}

var assignment = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// sqlreviewArgs returns the arguments of a command that runs sqlreview
// (`sqlreview …`, `path/to/sqlreview …`, `go run ./cmd/sqlreview …`).
func sqlreviewArgs(words []shellWord) ([]shellWord, bool) {
	i := 0
	for i < len(words) && (shellPrefix[words[i].text] || assignment.MatchString(words[i].text)) {
		i++
	}
	if i == len(words) {
		return nil, false
	}
	if words[i].text == "go" && i+1 < len(words) && words[i+1].text == "run" {
		for j := i + 2; j < len(words); j++ {
			if strings.HasPrefix(words[j].text, "-") {
				continue
			}
			pkg, _, _ := strings.Cut(words[j].text, "@")
			if path.Base(pkg) == "sqlreview" {
				return words[j+1:], true
			}
			return nil, false
		}
		return nil, false
	}
	// A bare "sqlreview" is a name, not a command (it would only print the
	// usage).
	if path.Base(words[i].text) == "sqlreview" && !strings.Contains(words[i].text, "://") && i+1 < len(words) {
		return words[i+1:], true
	}
	return nil, false
}

// invocation is one sqlreview command found in a file.
type invocation struct {
	where   string // file:line
	command string
	check   *checkArgs // nil for commands other than check
}

// validateInvocation parses a sqlreview command line the way the CLI does.
// Dynamic values are stood in for by valid ones where the flag needs a
// particular value (--fail-on, --pg-version); a --format name must be
// literal.
func validateInvocation(args []shellWord) (*checkArgs, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("sqlreview without a command")
	}
	// Each command's flag set, and its parser (the CLI's own, run on the
	// rewritten arguments).
	var fs *flag.FlagSet
	var parse func(plain []string) (*checkArgs, error)
	sub := args[:1] // the command words before the flags
	switch args[0].text {
	case "check":
		fs, _ = newCheckFlags()
		parse = func(plain []string) (*checkArgs, error) {
			_, ca, err := parseCheckArgs(plain)
			return ca, err
		}
	case "release":
		if len(args) < 2 {
			return nil, fmt.Errorf("release without a subcommand")
		}
		sub = args[:2]
		switch args[1].text {
		case "create", "list", "show":
		default:
			return nil, fmt.Errorf("unknown release subcommand %q", args[1].text)
		}
		fs, _ = newReleaseFlags(args[1].text)
		parse = func(plain []string) (*checkArgs, error) {
			_, _, err := parseReleaseArgs(append([]string{args[1].text}, plain...))
			return nil, err
		}
	case "rollout":
		fs, _ = newRolloutFlags()
		parse = func(plain []string) (*checkArgs, error) { _, _, err := parseRolloutArgs(plain); return nil, err }
	case "approve":
		fs, _ = newApproveFlags()
		parse = func(plain []string) (*checkArgs, error) { _, _, err := parseApproveArgs(plain); return nil, err }
	case "status":
		fs, _ = newStatusFlags()
		parse = func(plain []string) (*checkArgs, error) { _, _, err := parseStatusArgs(plain); return nil, err }
	case "version", "rules", "explain", "init", "config":
		return nil, nil
	default:
		return nil, fmt.Errorf("unknown command %q", args[0].text)
	}
	var plain []string
	valueOf := "" // the flag whose value comes next
	for i, a := range args[len(sub):] {
		s := a.text
		if valueOf == "" && s == "--" {
			for _, rest := range args[len(sub)+i:] {
				plain = append(plain, rest.text)
			}
			break
		}
		flagName := valueOf
		value := s
		if valueOf == "" && strings.HasPrefix(s, "-") && s != "-" {
			name, v, hasValue := strings.Cut(strings.TrimLeft(s, "-"), "=")
			f := fs.Lookup(name)
			if f == nil {
				plain = append(plain, s) // parse reports it
				continue
			}
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				plain = append(plain, s)
				continue
			}
			if !hasValue {
				valueOf = name
				plain = append(plain, s)
				continue
			}
			flagName, value = name, v
			s = s[:len(s)-len(v)]
		} else {
			valueOf = ""
			s = ""
		}
		if flagName == "format" {
			name, _, _ := strings.Cut(value, "=")
			if strings.ContainsAny(name, "$`") {
				return nil, fmt.Errorf("--format %s: the format name must be literal", value)
			}
		}
		if a.dynamic {
			switch flagName {
			case "fail-on":
				value = "error"
			case "pg-version":
				value = "16"
			case "shard":
				value = "1/2"
			default:
				if f := fs.Lookup(flagName); f != nil {
					if g, ok := f.Value.(flag.Getter); ok {
						if _, ok := g.Get().(time.Duration); ok {
							value = "1m"
						}
					}
				}
			}
		}
		plain = append(plain, s+value)
	}
	return parse(plain)
}

// findInvocations returns the sqlreview commands of a script.
func findInvocations(where, script string) ([]invocation, []error) {
	cmds, err := shellCommands(script)
	if err != nil {
		return nil, []error{fmt.Errorf("%s: %v", where, err)}
	}
	var invs []invocation
	var errs []error
	for _, words := range cmds {
		args, ok := sqlreviewArgs(words)
		if !ok {
			continue
		}
		var texts []string
		for _, w := range words {
			texts = append(texts, w.text)
		}
		command := strings.Join(texts, " ")
		ca, err := validateInvocation(args)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: `%s`: %v", where, command, err))
			continue
		}
		invs = append(invs, invocation{where: where, command: command, check: ca})
	}
	return invs, errs
}

// proseKeys hold names and descriptions, not commands.
var proseKeys = map[string]bool{"name": true, "description": true, "displayName": true, "title": true,
	"testRunTitle": true, "author": true, "id": true, "repo": true, "rev": true}

// yamlInvocations finds the sqlreview commands in every string scalar of a
// YAML document (but names and descriptions).
func yamlInvocations(file string, doc *yaml.Node) ([]invocation, []error) {
	var invs []invocation
	var errs []error
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c)
			}
		case yaml.MappingNode:
			for i := 1; i < len(n.Content); i += 2 {
				if !proseKeys[n.Content[i-1].Value] {
					walk(n.Content[i])
				}
			}
		case yaml.ScalarNode:
			if n.Tag == "!!str" {
				i, e := findInvocations(fmt.Sprintf("%s:%d", file, n.Line), n.Value)
				invs, errs = append(invs, i...), append(errs, e...)
			}
		}
	}
	walk(doc)
	return invs, errs
}

func readYAML(t *testing.T, rel string) (*yaml.Node, []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRootRel, rel))
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return &doc, data
}

func decodeYAML(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

// outputsOf lists an invocation's reports as "format" (standard output) or
// "format=file".
func outputsOf(inv invocation) []string {
	var out []string
	for _, o := range splitFormats(inv.check.formats) {
		if o.file == "" {
			out = append(out, o.format)
		} else {
			out = append(out, o.format+"="+o.file)
		}
	}
	return out
}

func hasOutput(invs []invocation, match func(string) bool) bool {
	for _, inv := range invs {
		if inv.check == nil {
			continue
		}
		for _, o := range outputsOf(inv) {
			if match(o) {
				return true
			}
		}
	}
	return false
}

func is(s string) func(string) bool { return func(o string) bool { return o == s } }

// actionInputs returns the inputs action.yml declares.
func actionInputs(t *testing.T) map[string]map[string]any {
	t.Helper()
	_, data := readYAML(t, "action.yml")
	var a struct {
		Inputs map[string]map[string]any `yaml:"inputs"`
	}
	decodeYAML(t, data, &a)
	return a.Inputs
}

// checkActionUses checks the `with:` of every step that uses the sqlreview
// action against the inputs action.yml declares.
func checkActionUses(t *testing.T, file string, doc *yaml.Node, inputs map[string]map[string]any) int {
	t.Helper()
	n := 0
	var walk func(m *yaml.Node)
	walk = func(m *yaml.Node) {
		if m.Kind == yaml.MappingNode {
			var uses string
			var with *yaml.Node
			for i := 0; i+1 < len(m.Content); i += 2 {
				switch m.Content[i].Value {
				case "uses":
					uses = m.Content[i+1].Value
				case "with":
					with = m.Content[i+1]
				}
			}
			if strings.HasPrefix(uses, "sqlreview/sqlreview@") {
				n++
				if with != nil {
					for i := 0; i+1 < len(with.Content); i += 2 {
						k, v := with.Content[i].Value, with.Content[i+1].Value
						if _, ok := inputs[k]; !ok {
							t.Errorf("%s:%d: the sqlreview action has no input %q", file, with.Content[i].Line, k)
						}
						if k == "fail-on" && !validFailOn(v) {
							t.Errorf("%s:%d: fail-on %q: use error, warning, info or never", file, with.Content[i].Line, v)
						}
					}
				}
			}
		}
		for _, c := range m.Content {
			walk(c)
		}
	}
	walk(doc)
	return n
}

// TestCIExamples validates every sqlreview command of examples/ci and
// action.yml, and what each platform needs around it.
func TestCIExamples(t *testing.T) {
	inputs := actionInputs(t)
	files, err := filepath.Glob(filepath.Join(repoRootRel, "examples/ci/*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"azure-pipelines.yml", "bitbucket-pipelines.yml", "github-actions.yml", "gitlab-ci.yml"}
	var got []string
	for _, f := range files {
		got = append(got, filepath.Base(f))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("examples/ci holds %v, want %v", got, want)
	}
	invsOf := map[string][]invocation{}
	for _, rel := range append([]string{"action.yml"}, prefixAll("examples/ci/", got)...) {
		doc, _ := readYAML(t, rel)
		invs, errs := yamlInvocations(rel, doc)
		for _, e := range errs {
			t.Error(e)
		}
		checks := 0
		for _, inv := range invs {
			if inv.check != nil {
				checks++
			}
		}
		uses := checkActionUses(t, rel, doc, inputs)
		if checks == 0 && uses == 0 {
			t.Errorf("%s: no sqlreview check command and no use of the action found", rel)
		}
		invsOf[filepath.Base(rel)] = invs
	}

	// GitHub: the action reports SARIF and annotations; the CLI variant
	// annotations.
	if !hasOutput(invsOf["action.yml"], func(o string) bool { return strings.HasPrefix(o, "sarif=") }) || !hasOutput(invsOf["action.yml"], is("github")) {
		t.Errorf("action.yml: want --format sarif=FILE and --format github")
	}
	if !hasOutput(invsOf["github-actions.yml"], is("github")) {
		t.Errorf("github-actions.yml: the CLI variant should use --format github")
	}

	// GitLab: the Code Quality artifact is the file the gitlab format writes.
	_, data := readYAML(t, "examples/ci/gitlab-ci.yml")
	var gl map[string]struct {
		Artifacts struct {
			When    string            `yaml:"when"`
			Reports map[string]string `yaml:"reports"`
		} `yaml:"artifacts"`
	}
	decodeYAML(t, data, &gl)
	cq := gl["sqlreview"].Artifacts.Reports["codequality"]
	if cq == "" || !hasOutput(invsOf["gitlab-ci.yml"], is("gitlab="+cq)) || gl["sqlreview"].Artifacts.When != "always" {
		t.Errorf("gitlab-ci.yml: want --format gitlab=FILE and artifacts: {when: always, reports: {codequality: FILE}}, got %q", cq)
	}

	// Azure: logging commands, and the JUnit file PublishTestResults reads.
	_, data = readYAML(t, "examples/ci/azure-pipelines.yml")
	type azStep struct {
		Task      string            `yaml:"task"`
		Condition string            `yaml:"condition"`
		Inputs    map[string]string `yaml:"inputs"`
	}
	var az struct {
		Steps  []azStep `yaml:"steps"`
		Stages []struct {
			Jobs []struct {
				Steps []azStep `yaml:"steps"`
			} `yaml:"jobs"`
		} `yaml:"stages"`
	}
	decodeYAML(t, data, &az)
	azSteps := az.Steps
	for _, st := range az.Stages {
		for _, j := range st.Jobs {
			azSteps = append(azSteps, j.Steps...)
		}
	}
	published := false
	for _, s := range azSteps {
		if s.Task == "PublishTestResults@2" {
			published = s.Inputs["testResultsFormat"] == "JUnit" && hasOutput(invsOf["azure-pipelines.yml"], is("junit="+s.Inputs["testResultsFiles"])) &&
				strings.Contains(s.Condition, "succeededOrFailed()")
		}
	}
	if !published || !hasOutput(invsOf["azure-pipelines.yml"], is("azure")) {
		t.Errorf("azure-pipelines.yml: want --format azure, --format junit=FILE and PublishTestResults@2 of FILE (condition succeededOrFailed())")
	}

	// Bitbucket: the pull request step is report.BitbucketPipelineStep.
	_, data = readYAML(t, "examples/ci/bitbucket-pipelines.yml")
	var bb struct {
		Pipelines struct {
			PullRequests map[string][]any `yaml:"pull-requests"`
		} `yaml:"pipelines"`
	}
	decodeYAML(t, data, &bb)
	var step []any
	decodeYAML(t, []byte(report.BitbucketPipelineStep), &step)
	if got := bb.Pipelines.PullRequests["**"]; len(got) != 1 || !reflect.DeepEqual(got[0], step[0]) {
		t.Errorf("bitbucket-pipelines.yml: the pull-requests '**' step differs from report.BitbucketPipelineStep; copy it again")
	}
	if !hasOutput(invsOf["bitbucket-pipelines.yml"], func(o string) bool { return strings.HasPrefix(o, "bitbucket=") }) {
		t.Errorf("bitbucket-pipelines.yml: want --format bitbucket=FILE")
	}
}

func prefixAll(prefix string, names []string) []string {
	var out []string
	for _, n := range names {
		out = append(out, prefix+n)
	}
	return out
}

// TestActionMetadata checks action.yml: its inputs and outputs, that every
// expression names a declared input or step, and that the SARIF upload
// cannot fail a repository without code scanning.
func TestActionMetadata(t *testing.T) {
	doc, data := readYAML(t, "action.yml")
	var a struct {
		Name        string `yaml:"name"`
		Description string `yaml:"description"`
		Inputs      map[string]struct {
			Description string  `yaml:"description"`
			Default     *string `yaml:"default"`
		} `yaml:"inputs"`
		Outputs map[string]struct {
			Description string `yaml:"description"`
			Value       string `yaml:"value"`
		} `yaml:"outputs"`
		Runs struct {
			Using string `yaml:"using"`
			Steps []struct {
				ID              string            `yaml:"id"`
				If              string            `yaml:"if"`
				Uses            string            `yaml:"uses"`
				Run             string            `yaml:"run"`
				Shell           string            `yaml:"shell"`
				ContinueOnError bool              `yaml:"continue-on-error"`
				With            map[string]string `yaml:"with"`
				Env             map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	decodeYAML(t, data, &a)
	if a.Name == "" || a.Description == "" || a.Runs.Using != "composite" {
		t.Errorf("action.yml: want a name, a description and runs.using: composite")
	}
	defaults := map[string]string{"paths": "migrations", "config": "", "fail-on": "", "version": "", "baseline": "", "category": "",
		"new-from-rev": "${{ github.event.pull_request.base.sha || github.event.merge_group.base_sha || github.event.before }}"}
	for name, def := range defaults {
		in, ok := a.Inputs[name]
		switch {
		case !ok:
			t.Errorf("action.yml: input %q missing", name)
		case in.Description == "":
			t.Errorf("action.yml: input %q has no description", name)
		case in.Default == nil || *in.Default != def:
			t.Errorf("action.yml: input %q: want default %q", name, def)
		}
	}
	for name := range a.Inputs {
		if _, ok := defaults[name]; !ok {
			t.Errorf("action.yml: input %q is not checked by this test; add it", name)
		}
	}
	for _, name := range []string{"exit-code", "sarif-file", "markdown-file"} {
		if o, ok := a.Outputs[name]; !ok || o.Description == "" || o.Value == "" {
			t.Errorf("action.yml: output %q missing or without description and value", name)
		}
	}
	ids := map[string]bool{}
	var setupGo, upload, installs bool
	for _, s := range a.Runs.Steps {
		if s.ID != "" {
			ids[s.ID] = true
		}
		if s.Run != "" && s.Shell == "" {
			t.Errorf("action.yml: composite run steps need a shell: %q", firstLine(s.Run))
		}
		if strings.HasPrefix(s.Uses, "actions/setup-go@") {
			setupGo = true
			if _, ok := s.With["go-version"]; ok {
				t.Errorf("action.yml: setup-go should read the action's go.mod (go-version-file)")
			}
		}
		// Go and the build only when asked: version: source.
		if (strings.HasPrefix(s.Uses, "actions/setup-go@") || strings.Contains(s.Run, "go build") || strings.Contains(s.Run, "go install")) &&
			!strings.Contains(s.If, "steps.release.outputs.version == 'source'") {
			t.Errorf("action.yml: step %q needs Go but runs without version: source (if: %q)", firstLine(s.Uses+s.Run), s.If)
		}
		if strings.Contains(s.Run, "dist/install.sh") {
			installs = strings.Contains(s.If, "steps.release.outputs.version != 'source'") && s.Env["SQLREVIEW_CACHE_DIR"] != ""
		}
		if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") {
			upload = s.ContinueOnError && strings.Contains(s.If, "always()")
		}
	}
	if !setupGo || !upload {
		t.Errorf("action.yml: want actions/setup-go, and upload-sarif with if: always() and continue-on-error: true")
	}
	if !installs {
		t.Errorf("action.yml: want a step that runs dist/install.sh unless version: source, with SQLREVIEW_CACHE_DIR (dist/channels runs it)")
	}
	// Every reference to an input or a step, in expressions and conditions.
	refs := regexp.MustCompile(`\b(inputs|steps)\.([A-Za-z0-9_-]+)`)
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode {
			for _, m := range refs.FindAllStringSubmatch(n.Value, -1) {
				if m[1] == "inputs" && a.Inputs[m[2]].Description == "" || m[1] == "steps" && !ids[m[2]] {
					t.Errorf("action.yml:%d: %s.%s is not declared", n.Line, m[1], m[2])
				}
			}
		}
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && (i%2 == 0 || n.Content[i-1].Value == "description") {
				continue // keys and prose
			}
			walk(c)
		}
	}
	walk(doc)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// TestPreCommitManifest checks .pre-commit-hooks.yaml: the hook that
// builds sqlreview with Go, and the prebuilt variant that runs the one on
// PATH, alike but for the language (TestPreCommitHook and
// TestPreCommitSystemHook run them with the real pre-commit).
func TestPreCommitManifest(t *testing.T) {
	_, data := readYAML(t, ".pre-commit-hooks.yaml")
	var hooks []map[string]any
	decodeYAML(t, data, &hooks)
	if len(hooks) != 2 {
		t.Fatalf("want two hooks (sqlreview, sqlreview-system), got %d", len(hooks))
	}
	for i, lang := range map[int]string{0: "golang", 1: "system"} {
		want := map[string]any{"id": "sqlreview", "language": lang, "pass_filenames": true, "require_serial": true}
		if lang == "system" {
			want["id"] = "sqlreview-system"
		}
		for _, k := range []string{"entry", "files", "name"} {
			want[k] = hooks[0][k]
		}
		for k, v := range want {
			if hooks[i][k] != v {
				t.Errorf("hook %d %s: %v, want %v", i, k, hooks[i][k], v)
			}
		}
	}
	h := hooks[0]
	if _, ok := h["language_version"]; ok {
		t.Errorf("language_version makes pre-commit download Go; leave it out to use the Go on PATH")
	}
	re, err := regexp.Compile(fmt.Sprint(h["files"]))
	if err != nil {
		t.Fatalf("files: %v", err)
	}
	for name, want := range map[string]bool{"migrations/001_init.sql": true, "db/V2__x.sql": true, "main.go": false, "notes.sql.md": false} {
		if re.MatchString(name) != want {
			t.Errorf("files %q matches %s: %v, want %v", re, name, !want, want)
		}
	}
	entry := fmt.Sprint(h["entry"])
	invs, errs := findInvocations(".pre-commit-hooks.yaml entry", entry+" migrations/001_init.sql")
	for _, e := range errs {
		t.Error(e)
	}
	if len(invs) != 1 || invs[0].check == nil || !strings.HasPrefix(entry, "sqlreview check") {
		t.Errorf("entry %q: want `sqlreview check [flags]` (pre-commit appends the files)", entry)
	}
}

// TestReadmeSnippets validates the sqlreview commands of the sh and yaml
// code blocks of the README and docs/, and the sqlreview action inputs
// their yaml uses.
func TestReadmeSnippets(t *testing.T) {
	inputs := actionInputs(t)
	for _, page := range docPages(t) {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		name, _ := filepath.Rel(repoRootRel, page)
		if blocks := checkSnippets(t, filepath.ToSlash(name), string(data), inputs); blocks == 0 && name == "README.md" {
			t.Error("README.md: no sh or yaml code block found")
		}
	}
}

// checkSnippets validates the sh and yaml code blocks of one page and
// returns how many it found.
func checkSnippets(t *testing.T, name, text string, inputs map[string]map[string]any) int {
	t.Helper()
	lines := strings.Split(text, "\n")
	blocks := 0
	for i := 0; i < len(lines); i++ {
		lang, ok := strings.CutPrefix(lines[i], "```")
		if !ok || lang == "" {
			continue
		}
		start := i + 1
		for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
		}
		body := strings.Join(lines[start:i], "\n")
		where := fmt.Sprintf("%s:%d", name, start)
		switch lang {
		case "sh", "bash", "console":
			_, errs := findInvocations(where, body)
			for _, e := range errs {
				t.Error(e)
			}
			blocks++
		case "yaml", "yml":
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(body), &doc); err != nil {
				t.Errorf("%s: yaml block: %v", where, err)
				continue
			}
			_, errs := yamlInvocations(where, &doc)
			for _, e := range errs {
				t.Error(e)
			}
			checkActionUses(t, where, &doc, inputs)
			blocks++
		}
	}
	return blocks
}

// TestInvocationValidator: the validator finds sqlreview commands wherever
// the CI files put them and fails on typos.
func TestInvocationValidator(t *testing.T) {
	good := map[string]int{
		`sqlreview check --fail-on error --format gitlab=gl.json migrations`:                           1,
		"FOO=1 sqlreview check --fail-on \"$FAIL_ON\" --format \"sarif=$F\" $PATHS 2>&1 | tee out.txt": 1,
		"if [ -n \"$R\" ]; then sqlreview check --new-from-rev \"$R\" m; fi":                           1,
		"cd x && go run ./cmd/sqlreview check --format=json \\\n   --staged":                           1,
		`"$BIN/sqlreview" check --pg-version "${PG:-16}" - < in.sql > out.txt`:                         1,
		"go install github.com/sqlreview/sqlreview/cmd/sqlreview@latest\necho 'sqlreview check --bad'": 0,
		"# sqlreview check --bad\nsqlreview version":                                                   1,
		`sqlreview check --format "text" --format 'junit=a b.xml' --enable=SR101,SR102 -- -weird.sql`:  1,
		"curl -H 'x: y' \"$url\" --data @- <<< \"$(sqlreview check --format json m)\"":                 0,
		`id=x; sqlreview release create --format json --author "$A" > rel.json`:                        1,
		`sqlreview release show "$ID" --format=json`:                                                   1,
		`sqlreview rollout --release "$ID" --env prod --shard "$I/$N" --lock-wait "$W" --events-json`:  1,
		`sqlreview rollout --release "$ID" --env prod --write-schema schema/ && git add schema`:        1,
		`sqlreview approve --release "$ID" --env prod --by "$WHO" --comment 'ok' ; sqlreview status`:   2,
	}
	for script, n := range good {
		invs, errs := findInvocations("t", script)
		if len(errs) > 0 || len(invs) != n {
			t.Errorf("%q: %d invocations, errors %v; want %d, none", script, len(invs), errs, n)
		}
	}
	bad := map[string]string{
		`sqlreview check --fial-on error migrations`:                 "fial-on",
		`sqlreview check --format gitlb=x.json migrations`:           `"gitlb"`,
		`sqlreview check --fail-on eror migrations`:                  `"eror"`,
		`sqlreview chek migrations`:                                  `"chek"`,
		`go run ./cmd/sqlreview`:                                     "without a command",
		"sqlreview check --format json \\\n  --formt text m":         "formt",
		`make && sqlreview check --stagedd`:                          "stagedd",
		`sqlreview check --format json --format text m`:              "only one format",
		`sqlreview check --format "$FMT" m`:                          "must be literal",
		`sqlreview check -- --fail-on eror`:                          "",
		`sqlreview check --pg-version sixteen m`:                     "sixteen",
		"echo start\n  sqlreview check --new-from-rev main --staged": "use one of them",
		`sqlreview check --format sarif=x.sarif --format github m x`: "",
		`sqlreview release creat`:                                    `"creat"`,
		`sqlreview release`:                                          "without a subcommand",
		`sqlreview release list --id-template x`:                     "id-template",
		`sqlreview release create --format yaml`:                     `"yaml"`,
		`sqlreview rollout --release "$ID" --envv prod`:              "envv",
		`sqlreview rollout --env prod`:                               "--release ID and --env E",
		`sqlreview rollout --release x --env prod --shard 3/2`:       `"3/2"`,
		`sqlreview rollout --release x --env p --lock-wait soon`:     "lock-wait",
		`sqlreview approve --release x --env prod`:                   "--by NAME",
		`sqlreview status --release x extra`:                         `"extra"`,
	}
	for script, want := range bad {
		_, errs := findInvocations("t", script)
		if want == "" {
			if len(errs) > 0 {
				t.Errorf("%q: %v", script, errs)
			}
			continue
		}
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), want) {
			t.Errorf("%q: errors %v, want one mentioning %s", script, errs, want)
		}
	}
}

// installSh matches an example's download of dist/install.sh at a version,
// and its run of it with that version.
var (
	installShDownload = regexp.MustCompile(`curl -fsSL -o (\S+) "?https://raw\.githubusercontent\.com/sqlreview/sqlreview/(\S+?)/dist/install\.sh"?`)
	installShRun      = regexp.MustCompile(`sh (\S+) "?(\$SQLREVIEW_VERSION|v\d+\.\d+\.\d+)"? \S+`)
)

// TestCIExamplesInstallRelease: every example job installs the pinned
// release with dist/install.sh (download, verify against the checksums,
// install) and caches the verified archive the platform's way; none needs
// Go. dist/channels runs install.sh and the action's install step against
// a local release server.
func TestCIExamplesInstallRelease(t *testing.T) {
	cacheOf := map[string]*regexp.Regexp{
		"github-actions.yml":      regexp.MustCompile(`uses: actions/cache@v\d+ .*\n\s+with:\n\s+path: ~/\.cache/sqlreview\n\s+key: sqlreview-\$\{\{ env\.SQLREVIEW_VERSION \}\}-\$\{\{ runner\.os \}\}-\$\{\{ runner\.arch \}\}\n`),
		"gitlab-ci.yml":           regexp.MustCompile(`cache: .*\n\s+key: sqlreview-\$SQLREVIEW_VERSION\n\s+paths: \[\.sqlreview-cache/\]\n`),
		"bitbucket-pipelines.yml": regexp.MustCompile(`caches: \[sqlreview\]`),
		"azure-pipelines.yml":     regexp.MustCompile(`task: Cache@2 .*\n\s+inputs:\n\s+key: '"sqlreview" \| "\$\(SQLREVIEW_VERSION\)" \| "\$\(Agent\.OS\)" \| "\$\(Agent\.OSArchitecture\)"'\n\s+path: \$\(SQLREVIEW_CACHE_DIR\)\n`),
	}
	cacheDir := map[string]string{
		"gitlab-ci.yml":           "SQLREVIEW_CACHE_DIR: $CI_PROJECT_DIR/.sqlreview-cache\n",
		"bitbucket-pipelines.yml": "definitions:\n  caches:\n    sqlreview: .sqlreview-cache\n",
		"azure-pipelines.yml":     "SQLREVIEW_CACHE_DIR: $(Pipeline.Workspace)/sqlreview-cache\n",
	}
	for file, cache := range cacheOf {
		rel := "examples/ci/" + file
		doc, data := readYAML(t, rel)
		text := string(data)
		var scripts []string
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if n.Kind == yaml.ScalarNode {
				scripts = append(scripts, n.Value)
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(doc)
		all := strings.Join(scripts, "\n")
		for _, goTool := range []string{"go install", "go build", "actions/setup-go", "GoTool@", "golang:"} {
			if strings.Contains(all, goTool) {
				t.Errorf("%s: %q outside comments: the examples install the release archive (dist/install.sh); building from source is only mentioned", rel, goTool)
			}
		}
		downloads := installShDownload.FindAllStringSubmatch(all, -1)
		runs := installShRun.FindAllStringSubmatch(all, -1)
		if len(downloads) == 0 || len(downloads) != len(runs) {
			t.Errorf("%s: %d downloads of dist/install.sh and %d runs of it; want one of each per job", rel, len(downloads), len(runs))
			continue
		}
		for i, d := range downloads {
			if runs[i][1] != d[1] || runs[i][2] != d[2] {
				t.Errorf("%s: downloads install.sh@%s to %s but runs %s %s: want the same file and version", rel, d[2], d[1], runs[i][1], runs[i][2])
			}
		}
		if n := len(cache.FindAllString(text, -1)); n != len(downloads) {
			t.Errorf("%s: %d jobs install sqlreview but %d cache the archive (%s)", rel, len(downloads), n, cache)
		}
		if want, ok := cacheDir[file]; ok && !strings.Contains(text, want) {
			t.Errorf("%s lacks %q: the directory install.sh caches in", rel, want)
		}
	}
}
