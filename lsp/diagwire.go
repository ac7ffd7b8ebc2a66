package lsp

import (
	"context"
	"fmt"
	"hash/maphash"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/meta"
)

// A big migration has thousands of findings: encoding them through
// protocol.Diagnostic values (a struct and several strings per finding,
// then the generic encoder) cost as much as linting the file. So a lint
// result's diagnostics are written straight to JSON, once per result, and
// that one encoding serves the pull report, the push and an unchanged
// re-pull. The bytes are exactly what protocol.Marshal writes for
// s.diagnostics(res) (TestWireDiagnosticsAreProtocols).

// wireDiagnostics is one lint result's diagnostics as sent.
type wireDiagnostics struct {
	// report is the full pull report, {"kind":"full","resultId":…,"items":[…]}.
	report []byte
	// items is the diagnostics array within report.
	items []byte
	// resultID names the diagnostics' content: an equal id means equal
	// items, so a pull whose previousResultId matches is answered
	// "unchanged" (LSP 3.17).
	resultID string
}

// resultSeed keys the result ids of this process; ids do not outlive it.
var resultSeed = maphash.MakeSeed()

// wire returns res's encoded diagnostics, encoding them on first use.
func (s *Server) wire(res *lintResult) *wireDiagnostics {
	res.wireOnce.Do(func() { res.wire = s.encodeResult(res) })
	return res.wire
}

func (s *Server) encodeResult(res *lintResult) *wireDiagnostics {
	// The items are encoded in place after a resultId of fixed width, which
	// is filled in once they are hashed: a report of thousands of
	// diagnostics (megabytes) is not copied again.
	const head = `{"kind":"full","resultId":"`
	report := make([]byte, 0, len(head)+resultIDWidth+64+len(res.findings)*diagnosticSize)
	report = append(report, head...)
	idAt := len(report)
	report = append(report, strings.Repeat("0", resultIDWidth)...)
	report = append(report, `","items":`...)
	start := len(report)
	if res.cfgErr != nil {
		// Rare, one diagnostic: the generic encoder is fine.
		b, err := protocol.Marshal(s.diagnostics(res))
		if err != nil {
			b = []byte("[]")
		}
		report = append(report, b...)
	} else {
		report = s.appendFindings(report, res)
	}
	items := report[start:len(report):len(report)]
	report = append(report, '}')
	id := report[idAt : idAt+resultIDWidth]
	hash := strconv.FormatUint(maphash.Bytes(resultSeed, items), 36)
	copy(id[resultIDWidth-len(hash):], hash)
	return &wireDiagnostics{report: report, items: items, resultID: string(id)}
}

// resultIDWidth is the length of a resultId: a 64-bit hash in base 36,
// zero-padded.
const resultIDWidth = 13

// diagnosticSize is about what a diagnostic takes on the wire (a range, the
// rule's fields and link, a message of a sentence or two).
const diagnosticSize = 640

// appendFindings appends the JSON array of res's shown findings, each as
// s.diagnostic converts it. A long list is encoded in two halves at once.
func (s *Server) appendFindings(b []byte, res *lintResult) []byte {
	b = append(b, '[')
	shown := res.findings
	if len(shown) >= parallelEncodeFindings && runtime.GOMAXPROCS(0) > 1 {
		half := len(shown) / 2
		second := make(chan []byte, 1)
		go func() {
			second <- s.appendFindingList(make([]byte, 0, (len(shown)-half)*diagnosticSize), res, shown[half:])
		}()
		b = s.appendFindingList(b, res, shown[:half])
		rest := <-second
		if len(rest) > 0 && b[len(b)-1] != '[' {
			b = append(b, ',')
		}
		b = append(b, rest...)
	} else {
		b = s.appendFindingList(b, res, shown)
	}
	return append(b, ']')
}

// parallelEncodeFindings is the length of a findings list from which
// appendFindings splits the encoding between two goroutines.
const parallelEncodeFindings = 1000

// appendFindingList appends the shown findings of fs, comma-separated.
func (s *Server) appendFindingList(b []byte, res *lintResult, fs []engine.Finding) []byte {
	first := true
	for i := range fs {
		f := &fs[i]
		if f.Suppressed {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = s.appendFinding(b, res, f)
	}
	return b
}

// appendFinding writes the fields protocol.Diagnostic has for a finding, in
// its field order: range, severity, code, codeDescription, source, message,
// tags.
func (s *Server) appendFinding(b []byte, res *lintResult, f *engine.Finding) []byte {
	r := s.rangeOf(res.lines, f.StartOffset, f.EndOffset)
	b = append(b, `{"range":{"start":{"line":`...)
	b = strconv.AppendUint(b, uint64(r.Start.Line), 10)
	b = append(b, `,"character":`...)
	b = strconv.AppendUint(b, uint64(r.Start.Character), 10)
	b = append(b, `},"end":{"line":`...)
	b = strconv.AppendUint(b, uint64(r.End.Line), 10)
	b = append(b, `,"character":`...)
	b = strconv.AppendUint(b, uint64(r.End.Character), 10)
	b = append(b, `}}`...)
	b = append(b, ruleFields(f.Rule, severity(f.Severity))...)
	b = appendJSONString(b, f.Message)
	if f.Rule == meta.UnusedSuppression {
		b = append(b, `,"tags":[`...)
		b = strconv.AppendUint(b, uint64(protocol.DiagnosticTagUnnecessary), 10)
		b = append(b, ']')
	}
	return append(b, '}')
}

type ruleSeverity struct {
	rule *rules.Rule
	sev  protocol.DiagnosticSeverity
}

// ruleFieldsCache holds, per rule and severity, the fields between a
// diagnostic's range and its message's value: the same for every finding
// of the rule.
var ruleFieldsCache sync.Map // ruleSeverity → []byte

func ruleFields(r *rules.Rule, sev protocol.DiagnosticSeverity) []byte {
	key := ruleSeverity{r, sev}
	if v, ok := ruleFieldsCache.Load(key); ok {
		return v.([]byte)
	}
	var b []byte
	b = append(b, `,"severity":`...)
	b = strconv.AppendUint(b, uint64(sev), 10)
	b = append(b, `,"code":`...)
	b = appendJSONString(b, r.Name)
	b = append(b, `,"codeDescription":{"href":`...)
	b = appendJSONString(b, r.DocURL())
	b = append(b, `},"source":"sqlreview","message":`...)
	ruleFieldsCache.Store(key, b)
	return b
}

// appendJSONString quotes s as protocol's encoder does (jsontext's rules:
// invalid UTF-8 becomes U+FFFD; <, > and & are not escaped). Quotes and
// backslashes, which most messages hold, are escaped here; a string with a
// control character or non-ASCII text goes to jsontext.
func appendJSONString(b []byte, s string) []byte {
	mark := len(b)
	b = append(b, '"')
	from := 0
	for i := 0; i < len(s); i++ {
		// Eight bytes at a time while none needs a look: messages are
		// long and plain, and this loop was a tenth of a pull's encoding.
		for i+8 <= len(s) && !mayNeedEscape(s, i) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		switch c := s[i]; {
		case c < 0x20 || c >= 0x80:
			b, _ = jsontext.AppendQuote(b[:mark], s)
			return b
		case c == '"' || c == '\\':
			b = append(b, s[from:i]...)
			b = append(b, '\\', c)
			from = i + 1
		}
	}
	b = append(b, s[from:]...)
	return append(b, '"')
}

// mayNeedEscape reports whether one of s[i:i+8] is a control character,
// non-ASCII, '"' or '\\' (it may also say so of a chunk holding none).
func mayNeedEscape(s string, i int) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
	below := (x - 0x20*ones) &^ x // high bit set for a byte below 0x20
	quote := x ^ '"'*ones
	backslash := x ^ '\\'*ones
	return (x|below|(quote-ones)&^quote|(backslash-ones)&^backslash)&highs != 0
}

// pullReport answers textDocument/diagnostic on the wire: the cached report,
// or "unchanged" when the client already has these diagnostics.
func (s *Server) pullReport(ctx context.Context, params jsonrpc2.RawMessage) (jsonrpc2.RawMessage, error) {
	var p protocol.DocumentDiagnosticParams
	if err := protocol.Unmarshal(params, &p); err != nil {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("textDocument/diagnostic: %v", err))
	}
	res, err := s.pullResult(string(p.TextDocument.URI))
	if err != nil {
		return nil, err
	}
	w := s.wire(res)
	if p.PreviousResultID != nil && *p.PreviousResultID == w.resultID {
		return jsonrpc2.RawMessage(`{"kind":"unchanged","resultId":"` + w.resultID + `"}`), nil
	}
	return jsonrpc2.RawMessage(w.report), nil
}

// publishParams is textDocument/publishDiagnostics's params for res.
func (s *Server) publishParams(rawURI string, res *lintResult) jsonrpc2.RawMessage {
	items := s.wire(res).items
	b := make([]byte, 0, len(items)+len(rawURI)+48)
	b = append(b, `{"uri":`...)
	b = appendJSONString(b, rawURI)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(res.version), 10)
	b = append(b, `,"diagnostics":`...)
	b = append(b, items...)
	return append(b, '}')
}

// publish pushes res's diagnostics: encoded once, through the connection
// when there is one (the client a test installs has none).
func (s *Server) publish(rawURI string, res *lintResult) error {
	s.mu.Lock()
	conn, client := s.conn, s.client
	s.mu.Unlock()
	if conn != nil {
		return conn.Notify(context.Background(), protocol.MethodTextDocumentPublishDiagnostics, s.publishParams(rawURI, res))
	}
	return client.PublishDiagnostics(context.Background(), &protocol.PublishDiagnosticsParams{
		URI: uriOf(rawURI), Version: protocol.NewOptional(res.version), Diagnostics: s.diagnostics(res),
	})
}
