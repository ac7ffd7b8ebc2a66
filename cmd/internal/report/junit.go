package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/sqlreview/sqlreview/rules/engine"
)

func init() { Register("junit", JUnit) }

// JUnitSuites is the root of the JUnit XML report.
type JUnitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []JUnitSuite `xml:"testsuite"`
}

// JUnitSuite holds one checked file's test cases.
type JUnitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []JUnitCase `xml:"testcase"`
}

// JUnitCase is one finding, or the passing case of a clean file.
type JUnitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *JUnitProblem `xml:"failure,omitempty"`
	Error     *JUnitProblem `xml:"error,omitempty"`
	Skipped   *JUnitSkipped `xml:"skipped,omitempty"`
	// SystemOut carries a finding below fail-on: reported, not failing.
	SystemOut *JUnitOutput `xml:"system-out,omitempty"`
}

// JUnitOutput is a case's output, CDATA like JUnitProblem's text.
type JUnitOutput struct {
	Text string `xml:",cdata"`
}

// junitNoTime is the time of a file and of a finding: files are checked in
// parallel and findings come out together, so neither has a time of its
// own; the root carries the run's.
const junitNoTime = "0"

// JUnitProblem is a failure (a finding) or an error (an unreadable file).
// Text is CDATA so the report stays readable: encoding/xml would write each
// newline and quote of character data as a character reference.
type JUnitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

// JUnitSkipped marks a suppressed finding.
type JUnitSkipped struct {
	Message string `xml:"message,attr"`
}

// JUnitCleanCase is the name of the one passing test case of a file without
// findings.
const JUnitCleanCase = "no findings"

// JUnit writes a JUnit XML report: a <testsuite> per checked file (named by
// its path), a <testcase name="RULE at LINE:COL"> per unsuppressed finding:
// with a <failure type="RULE"> when the finding fails the merge gate (at or
// above fail-on), else passing with the finding in <system-out>, since CI
// test views have no notion of a warning and a passing gate must not show
// red. A file without findings gets one
// passing case named "no findings", so the test view lists every file that
// was reviewed. Suppressed findings are listed as <skipped> with their
// reason: they are accepted, not hidden. A file that could not be read is a
// case with an <error>. The file and line attributes let GitLab and other
// viewers link to the source. time is the run's wall time
// (Options.Elapsed) on <testsuites>, 0 on suites and cases.
func JUnit(w io.Writer, res *engine.Result, opt Options) error {
	suites := map[string]*JUnitSuite{}
	suite := func(path string) *JUnitSuite {
		s := suites[path]
		if s == nil {
			s = &JUnitSuite{Name: path}
			suites[path] = s
		}
		return s
	}
	for p := range res.Sources {
		suite(ciPath(opt.Root, p))
	}
	for _, f := range res.Findings {
		path := ciPath(opt.Root, f.Path)
		s := suite(path)
		c := JUnitCase{
			Name:      fmt.Sprintf("%s at %d:%d", f.Rule.Name, f.Start.Line, f.Start.Column),
			Classname: path,
			File:      path,
			Line:      f.Start.Line,
		}
		if f.Suppressed {
			reason := "suppressed"
			if f.SuppressionReason != "" {
				reason += ": " + f.SuppressionReason
			}
			c.Skipped = &JUnitSkipped{Message: reason}
			s.Skipped++
		} else {
			// The body is text for people (CI shows it as a log): its user
			// content is escaped as in the text format.
			text := fmt.Sprintf("%s:%d:%d: %s: %s [%s]\n%s\n", EscapeLineStart(path), f.Start.Line, f.Start.Column, f.Severity, Escape(f.Message),
				f.Rule.Name, ciTitle(f.Rule))
			if help := helpLine(f); help != "" {
				text += "help: " + Escape(help) + "\n"
			}
			if res.Blocks(&f, opt.FailOn) {
				c.Failure = &JUnitProblem{Message: f.Message, Type: f.Rule.Name, Text: xmlChars(text)}
				s.Failures++
			} else {
				c.SystemOut = &JUnitOutput{Text: xmlChars(text + "below fail-on " + failOnOf(res, f, opt) + ": reported, not failing\n")}
			}
		}
		s.Cases = append(s.Cases, c)
	}
	for _, e := range ciErrors(res, opt.Root) {
		name := e.Path
		if name == "" {
			name = "sqlreview"
		}
		s := suite(name)
		s.Cases = append(s.Cases, JUnitCase{
			Name:      "read file",
			Classname: name,
			File:      e.Path,
			Error:     &JUnitProblem{Message: e.Message, Type: "read-error", Text: xmlChars(Escape(e.Message) + "\n")},
		})
		s.Errors++
	}
	out := JUnitSuites{Name: "sqlreview", Time: fmt.Sprintf("%.3f", opt.Elapsed.Seconds())}
	names := make([]string, 0, len(suites))
	for n := range suites {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s := suites[n]
		if len(s.Cases) == 0 {
			s.Cases = []JUnitCase{{Name: JUnitCleanCase, Classname: n, File: n}}
		}
		s.Tests = len(s.Cases)
		s.Time = junitNoTime
		for i := range s.Cases {
			s.Cases[i].Time = junitNoTime
		}
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
		out.Suites = append(out.Suites, *s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// xmlChars replaces the characters XML 1.0 cannot hold (most control
// characters, which a quoted identifier may contain) with U+FFFD: encoding/xml
// does so in attributes but writes CDATA as is, and one such character makes
// the whole report unparsable.
func xmlChars(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}

// failOnOf is the threshold f was measured against.
func failOnOf(res *engine.Result, f engine.Finding, opt Options) string {
	if opt.FailOn != "" {
		return opt.FailOn
	}
	return res.FailOn(f.Path)
}
