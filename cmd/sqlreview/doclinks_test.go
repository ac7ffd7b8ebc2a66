package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// docPages are the user documentation: the README and every page of docs/.
func docPages(t *testing.T) []string {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join(repoRootRel, "docs", "*.md"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no docs/*.md pages (%v)", err)
	}
	sort.Strings(pages)
	return append([]string{filepath.Join(repoRootRel, "README.md")}, pages...)
}

var (
	headingLine  = regexp.MustCompile(`^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$`)
	explicitID   = regexp.MustCompile(`<a (?:id|name)="([^"]+)"`)
	markdownLink = regexp.MustCompile(`\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	inlineLink   = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	htmlTag      = regexp.MustCompile(`<[^>]+>`)
)

// githubSlug is the anchor GitHub gives a heading: the rendered text in
// lower case, everything but letters, digits, spaces, hyphens and
// underscores dropped, spaces turned into hyphens.
func githubSlug(heading string) string {
	text := inlineLink.ReplaceAllString(heading, "$1")
	text = htmlTag.ReplaceAllString(text, "")
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(text)) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// markdownLines returns the lines of a Markdown text outside fenced code
// blocks, with their 1-based numbers.
func markdownLines(text string) map[int]string {
	out := map[int]string{}
	fence := ""
	for i, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if fence == "" && (strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")) {
			fence = trimmed[:3]
			continue
		}
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		out[i+1] = line
	}
	return out
}

// docAnchors are the anchors of a page: its headings' slugs (the second
// heading of one text gets "-1", and so on) and explicit <a id> anchors.
func docAnchors(text string) map[string]bool {
	anchors := map[string]bool{}
	seen := map[string]int{}
	lines := markdownLines(text)
	for n := 1; n <= strings.Count(text, "\n")+1; n++ {
		line, ok := lines[n]
		if !ok {
			continue
		}
		if m := headingLine.FindStringSubmatch(line); m != nil {
			slug := githubSlug(m[2])
			if k := seen[slug]; k > 0 {
				anchors[fmt.Sprintf("%s-%d", slug, k)] = true
			} else {
				anchors[slug] = true
			}
			seen[slug]++
		}
		for _, m := range explicitID.FindAllStringSubmatch(line, -1) {
			anchors[m[1]] = true
		}
	}
	return anchors
}

// docLink is one relative link of a page.
type docLink struct {
	line         int
	target, frag string
}

// relativeLinks lists the links of a page that point into the repository
// (not http:, mailto: and the like), outside code blocks and code spans.
func relativeLinks(text string) []docLink {
	var links []docLink
	for n, line := range markdownLines(text) {
		line = stripCodeSpans(line)
		for _, m := range markdownLink.FindAllStringSubmatch(line, -1) {
			dest := m[1]
			if strings.Contains(dest, "://") || strings.HasPrefix(dest, "mailto:") {
				continue
			}
			target, frag, _ := strings.Cut(dest, "#")
			links = append(links, docLink{line: n, target: target, frag: frag})
		}
	}
	sort.Slice(links, func(i, j int) bool { return links[i].line < links[j].line })
	return links
}

func stripCodeSpans(line string) string {
	parts := strings.Split(line, "`")
	for i := 1; i < len(parts); i += 2 {
		parts[i] = ""
	}
	return strings.Join(parts, "`")
}

// TestDocLinksResolve: every relative link of the README and docs/ names a
// file of the repository, and every #anchor a heading or <a id> of its
// page, by GitHub's anchor rules.
func TestDocLinksResolve(t *testing.T) {
	anchorsOf := map[string]map[string]bool{}
	anchors := func(path string) (map[string]bool, error) {
		if a, ok := anchorsOf[path]; ok {
			return a, nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		anchorsOf[path] = docAnchors(string(data))
		return anchorsOf[path], nil
	}
	checked := 0
	for _, page := range docPages(t) {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(repoRootRel, page)
		for _, l := range relativeLinks(string(data)) {
			checked++
			target := page
			if l.target != "" {
				target = filepath.Join(filepath.Dir(page), filepath.FromSlash(l.target))
				if _, err := os.Stat(target); err != nil {
					t.Errorf("%s:%d: link to %s: no such file in the repository", rel, l.line, l.target)
					continue
				}
			}
			if l.frag == "" || !strings.HasSuffix(target, ".md") {
				continue
			}
			a, err := anchors(target)
			if err != nil {
				t.Errorf("%s:%d: %v", rel, l.line, err)
				continue
			}
			if !a[l.frag] {
				t.Errorf("%s:%d: link to %s#%s: no such anchor", rel, l.line, l.target, l.frag)
			}
		}
	}
	if checked == 0 {
		t.Error("no relative link found in README.md and docs/")
	}
}

// TestGitHubSlug: the anchors GitHub gives the headings the docs link to.
func TestGitHubSlug(t *testing.T) {
	for heading, want := range map[string]string{
		"`sqlreview check`":              "sqlreview-check",
		"The runner's transaction model": "the-runners-transaction-model",
		"Routing files to databases (Bytebase's `db##version##kind##description.sql`)": "routing-files-to-databases-bytebases-dbversionkinddescriptionsql",
		"Platform limits, and what sqlreview does at them":                             "platform-limits-and-what-sqlreview-does-at-them",
		"Secrets, URLs and untrusted content":                                          "secrets-urls-and-untrusted-content",
		"ban-drop-column":                                                              "ban-drop-column",
		"A [linked](x.md) heading":                                                     "a-linked-heading",
	} {
		if got := githubSlug(heading); got != want {
			t.Errorf("githubSlug(%q) = %q, want %q", heading, got, want)
		}
	}
	got := docAnchors("# A\n## A\n```\n# A\n```\n### A\n<a id=\"x\"></a>\n")
	if len(got) != 4 || !got["a"] || !got["a-1"] || !got["a-2"] || !got["x"] {
		t.Errorf("docAnchors: %v, want a, a-1, a-2, x (the fenced heading is code)", got)
	}
}
