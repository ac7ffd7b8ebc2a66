package source

import "strings"

// The directive grammar, read here once for the engine (suppressions), the
// runner (txmode, timeouts), hover and completion:
//
//	-- sqlreview:ignore RULE[, RULE ...] -- reason
//	-- sqlreview:ignore-file RULE[, RULE ...] -- reason
//	-- sqlreview:txmode none|file
//	-- sqlreview:lock-timeout 5s
//	-- sqlreview:statement-timeout 5min
//
// in a line comment or a /* block comment */, the directive first in it.

// Directive names.
const (
	DirectiveIgnore           = "ignore"
	DirectiveIgnoreFile       = "ignore-file"
	DirectiveTxMode           = "txmode"
	DirectiveLockTimeout      = "lock-timeout"
	DirectiveStatementTimeout = "statement-timeout"
)

const directivePrefix = "sqlreview:"

// Directive is a `sqlreview:NAME ...` comment.
type Directive struct {
	Name string
	// Args are the rule names of ignore and ignore-file (separated by
	// spaces or commas, up to the reason's "--"), or the one value of the
	// others; offsets are in the comment text.
	Args []DirectiveArg
	// ArgsStart is the offset in the comment text just after the name.
	ArgsStart int
	// Reason is what follows the "--" after an ignore's rule names;
	// HasReason says whether that "--" is there.
	Reason    string
	HasReason bool
}

// DirectiveArg is one word of a directive.
type DirectiveArg struct {
	Text       string
	Start, End int
}

// Value is the first argument ("" when none): the value of txmode and the
// timeouts.
func (d Directive) Value() string {
	if len(d.Args) == 0 {
		return ""
	}
	return d.Args[0].Text
}

// ParseDirective reads a comment's text ("-- ..." or "/* ... */", or the
// start of one still being typed); ok is false when it is not a directive.
func ParseDirective(comment string) (d Directive, ok bool) {
	body, end := 0, len(comment)
	switch {
	case strings.HasPrefix(comment, "--"):
		body = 2
	case strings.HasPrefix(comment, "/*"):
		body = 2
		if strings.HasSuffix(comment, "*/") && len(comment) >= 4 {
			end -= 2
		}
	default:
		return d, false
	}
	for body < end && isDirectiveSpace(comment[body]) {
		body++
	}
	if !strings.HasPrefix(comment[body:end], directivePrefix) {
		return d, false
	}
	nameStart := body + len(directivePrefix)
	nameEnd := nameStart
	for nameEnd < end && !isDirectiveSpace(comment[nameEnd]) {
		nameEnd++
	}
	d.Name, d.ArgsStart = comment[nameStart:nameEnd], nameEnd
	switch d.Name {
	case DirectiveIgnore, DirectiveIgnoreFile:
		args := comment[nameEnd:end]
		if i := strings.Index(args, "--"); i >= 0 {
			d.Reason, d.HasReason = strings.TrimSpace(args[i+2:]), true
			args = args[:i]
		}
		d.Args = directiveWords(args, nameEnd, func(c byte) bool { return isDirectiveSpace(c) || c == ',' })
	case DirectiveTxMode, DirectiveLockTimeout, DirectiveStatementTimeout:
		if words := directiveWords(comment[nameEnd:end], nameEnd, isDirectiveSpace); len(words) > 0 {
			d.Args = words[:1]
		}
	default:
		return Directive{}, false // "sqlreview:ignored" and the like are not ours
	}
	return d, true
}

// directiveWords splits s (at offset base of the comment) at sep.
func directiveWords(s string, base int, sep func(byte) bool) []DirectiveArg {
	var out []DirectiveArg
	for pos := 0; pos < len(s); {
		for pos < len(s) && sep(s[pos]) {
			pos++
		}
		start := pos
		for pos < len(s) && !sep(s[pos]) {
			pos++
		}
		if start < pos {
			out = append(out, DirectiveArg{Text: s[start:pos], Start: base + start, End: base + pos})
		}
	}
	return out
}

func isDirectiveSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// Directives returns the file's directive comments in order, with the
// comment token each is in.
func (f *File) Directives() []FileDirective {
	var out []FileDirective
	for _, c := range f.Comments {
		if d, ok := ParseDirective(f.TokenText(c)); ok {
			out = append(out, FileDirective{Directive: d, Comment: c})
		}
	}
	return out
}

// FileDirective is a directive and the comment it is in.
type FileDirective struct {
	Directive
	Comment Token
}
