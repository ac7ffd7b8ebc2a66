package lsp

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"go.lsp.dev/protocol"

	"github.com/sqlreview/sqlreview/rules/source"
)

// document is an open editor buffer.
type document struct {
	uri     string // exactly as the client sent it, echoed in every reply
	path    string // file system path; "" for untitled: and other schemes
	version int32
	text    string
	lines   *source.Lines
	timer   *time.Timer
	// last is the newest lint result; it may be for an older version.
	last *lintResult
	// gen counts invalidations of results for the same text (config or
	// catalog changes): a lint started before one is stale.
	gen int
	// refreshedGen is the gen a pulling client was last told to pull.
	refreshedGen int
	// cost is how long the last check of this document took.
	cost time.Duration
	// running is the lint in progress, if any (resultFor).
	running *pendingLint
}

// DidOpen stores the buffer and lints it at once.
func (s *Server) DidOpen(ctx context.Context, p *protocol.DidOpenTextDocumentParams) error {
	key := string(p.TextDocument.URI)
	raw, _ := ctx.Value(rawURIKey{}).(string)
	if raw == "" {
		raw = key
	}
	d := &document{uri: raw, path: filePath(key), version: p.TextDocument.Version, text: p.TextDocument.Text}
	d.lines = source.NewLines(d.text)
	s.mu.Lock()
	if old := s.docs[key]; old != nil && old.timer != nil {
		old.timer.Stop()
	}
	s.docs[key] = d
	s.mu.Unlock()
	s.bufferChanged(d.path)
	go s.lintAndPublish(key)
	return nil
}

// DidChange applies the edits in order and schedules a lint of the result.
func (s *Server) DidChange(ctx context.Context, p *protocol.DidChangeTextDocumentParams) error {
	key := string(p.TextDocument.URI)
	s.mu.Lock()
	d := s.docs[key]
	if d == nil {
		s.mu.Unlock()
		return fmt.Errorf("didChange for %s, which is not open", key)
	}
	for _, c := range p.ContentChanges {
		switch c := c.(type) {
		case *protocol.TextDocumentContentChangeWholeDocument:
			d.text = c.Text
		case *protocol.TextDocumentContentChangePartial:
			start := s.offset(d.lines, c.Range.Start)
			end := s.offset(d.lines, c.Range.End)
			if end < start {
				start, end = end, start
			}
			d.text = d.text[:start] + c.Text + d.text[end:]
		}
		d.lines = source.NewLines(d.text)
	}
	d.version = p.TextDocument.Version
	// A client that pulls asks for the new version itself: a lint here
	// would only compete with the one its pull runs.
	lintSoon := !s.pulls
	delay := s.lintDelayLocked(d)
	if lintSoon {
		s.scheduleLocked(key, d, delay)
	}
	path := d.path
	s.mu.Unlock()
	s.bufferChanged(path)
	if lintSoon && delay > 0 {
		go s.syntaxNow(key)
	}
	return nil
}

// syntaxNow skips the debounce when the edit made or fixed a syntax error:
// those are shown (and cleared) at once. Parsing is cheap here, since only
// the edited statements miss the parse cache.
func (s *Server) syntaxNow(key string) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Printf("panic checking syntax of %s: %v", key, v)
		}
	}()
	snap := s.snapshot(key)
	if snap == nil {
		return
	}
	name := snap.path
	if name == "" {
		name = untitledName
	}
	now := syntaxSignature(s.parse(name, snap.text))
	s.mu.Lock()
	d := s.docs[key]
	changed := d == snap.doc && d.version == snap.version && (d.last == nil || d.last.syntax != now)
	if changed {
		s.scheduleLocked(key, d, 0)
	}
	s.mu.Unlock()
}

// syntaxSignature summarises a file's syntax errors (messages, not
// positions: an error that only moved needs no hurry).
func syntaxSignature(f *source.File) string {
	var b strings.Builder
	for _, st := range f.Statements {
		if st.Err != nil {
			b.WriteString(st.Err.Message)
			b.WriteByte(0)
		}
	}
	return b.String()
}

// scheduleLocked (re)starts d's debounce timer.
func (s *Server) scheduleLocked(key string, d *document, delay time.Duration) {
	if s.shutdown {
		return
	}
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = time.AfterFunc(delay, func() { s.lintAndPublish(key) })
}

// DidSave re-lints at once: the save may have changed what other files see
// and the user expects the final word now.
func (s *Server) DidSave(ctx context.Context, p *protocol.DidSaveTextDocumentParams) error {
	key := string(p.TextDocument.URI)
	s.mu.Lock()
	d := s.docs[key]
	if d != nil && d.timer != nil {
		d.timer.Stop()
	}
	s.mu.Unlock()
	if d != nil {
		go s.lintAndPublish(key)
	}
	return nil
}

// DidClose forgets the buffer and clears its diagnostics; the file on disk
// becomes the truth again for the files after it.
func (s *Server) DidClose(ctx context.Context, p *protocol.DidCloseTextDocumentParams) error {
	key := string(p.TextDocument.URI)
	s.mu.Lock()
	d := s.docs[key]
	if d != nil {
		if d.timer != nil {
			d.timer.Stop()
		}
		delete(s.docs, key)
	}
	client, pulls := s.client, s.pulls
	s.mu.Unlock()
	if d == nil {
		return nil
	}
	s.forgetParse(d.path)
	s.bufferChanged(d.path)
	if pulls {
		return nil // the client drops what it pulled for a closed document
	}
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	return client.PublishDiagnostics(context.WithoutCancel(ctx), &protocol.PublishDiagnosticsParams{URI: uriOf(d.uri), Diagnostics: []protocol.Diagnostic{}})
}

// offset converts an LSP position in the negotiated encoding to a byte
// offset, clamped to the text.
func (s *Server) offset(lines *source.Lines, p protocol.Position) int {
	if s.utf8 {
		return lines.OffsetUTF8(int(p.Line), int(p.Character))
	}
	return lines.OffsetUTF16(int(p.Line), int(p.Character))
}

// position converts a byte offset to an LSP position.
func (s *Server) position(lines *source.Lines, off int) protocol.Position {
	var l, c int
	if s.utf8 {
		l, c = lines.UTF8(off)
	} else {
		l, c = lines.UTF16(off)
	}
	return protocol.Position{Line: uint32(l), Character: uint32(c)}
}

func (s *Server) rangeOf(lines *source.Lines, start, end int) protocol.Range {
	return protocol.Range{Start: s.position(lines, start), End: s.position(lines, end)}
}

// maxFileSize bounds what the server reads from disk for an unopened file.
const maxFileSize = 64 << 20

func readFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxFileSize {
		return nil, fmt.Errorf("%s: %d bytes is too large to lint", path, st.Size())
	}
	return os.ReadFile(path)
}
