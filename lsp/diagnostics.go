package lsp

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/meta"
	"github.com/sqlreview/sqlreview/rules/migfile"
	"github.com/sqlreview/sqlreview/rules/source"
)

// untitledName is the path findings of non-file documents carry; it gives
// relative-path logic (exclusions, fingerprints) a plain file name.
const untitledName = "untitled.sql"

// lintResult is one lint of one version of a document.
type lintResult struct {
	version  int32
	gen      int
	syntax   string // syntaxSignature of file
	text     string
	lines    *source.Lines
	file     *source.File
	findings []engine.Finding
	// path and ordered locate the document among its directory's
	// migrations, for hover's catalog.
	path    string
	ordered []string
	linter  *engine.Linter
	// cfgErr is a config that does not load: reported as a diagnostic, since
	// linting with other settings would show what the CLI does not.
	cfgErr error
	// wire is the diagnostics encoded for the protocol (diagwire.go).
	wireOnce sync.Once
	wire     *wireDiagnostics
}

// snapshot is what a lint needs of a document, copied under the lock.
type snapshot struct {
	doc     *document
	path    string
	version int32
	gen     int
	text    string
	lines   *source.Lines
}

func (s *Server) snapshot(key string) *snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[key]
	if d == nil {
		return nil
	}
	return &snapshot{doc: d, path: d.path, version: d.version, gen: d.gen, text: d.text, lines: d.lines}
}

// lint checks one document version exactly as `sqlreview check` would check
// the file: same config, same catalog, same findings.
func (s *Server) lint(path string, version int32, text string, lines *source.Lines) *lintResult {
	res := &lintResult{version: version, text: text, lines: lines}
	if path == "" {
		// untitled: and other non-file documents have no place on disk: the
		// workspace's config applies, and no earlier migrations.
		l, err := s.untitledLinter()
		if err != nil {
			res.cfgErr = err
			return res
		}
		res.linter = l
		res.file = s.parse(untitledName, text)
		res.findings = l.Lint(res.file, catalog.New(), untitledName)
		res.syntax = syntaxSignature(res.file)
		return res
	}
	cfg, err := s.configFor(path)
	if err != nil {
		res.cfgErr = err
		return res
	}
	l, err := s.linterFor(cfg)
	if err != nil {
		res.cfgErr = err
		return res
	}
	ordered := s.orderedFiles(path)
	res.linter = l
	res.path, res.ordered = path, ordered
	res.file = s.parse(path, text)
	if !engine.Included(cfg, path) || migfile.IsSchemaDumpFile(path, []byte(text)) {
		// `sqlreview check .` skips the file (files.include/exclude), or it
		// is a schema dump, which describes a database, not a migration.
		res.syntax = syntaxSignature(res.file)
		return res
	}
	res.findings = l.LintDocument(res.file, s.catalogBefore(path, ordered), ordered)
	res.syntax = syntaxSignature(res.file)
	return res
}

// defaultConfig governs documents that are not files.
var defaultConfig = config.Default()

// parse parses a document's text; statements an edit did not touch come
// from the cache.
func (s *Server) parse(path, text string) *source.File {
	s.parsedMu.Lock()
	prev := s.parsed[path]
	s.parsedMu.Unlock()
	f := source.ParseEdited(path, []byte(text), prev, s.stmts)
	s.parsedMu.Lock()
	s.parsed[path] = f
	s.parsedMu.Unlock()
	return f
}

// forgetParse drops the last parse of a closed document.
func (s *Server) forgetParse(path string) {
	s.parsedMu.Lock()
	delete(s.parsed, path)
	s.parsedMu.Unlock()
}

// lintAndPublish lints the document's current version and publishes the
// diagnostics unless the document changed meanwhile: notifications and lints
// overlap, and a stale result must never overwrite a newer one.
func (s *Server) lintAndPublish(key string) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Printf("panic linting %s: %v\n%s", key, v, debug.Stack())
		}
	}()
	snap := s.snapshot(key)
	if snap == nil {
		return
	}
	res := s.resultFor(key, snap)
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	current := s.docs[key] == snap.doc && snap.doc.version == res.version && snap.doc.gen == res.gen
	pulls := s.pulls
	invalidated := current && pulls && snap.doc.refreshedGen != res.gen
	if invalidated {
		snap.doc.refreshedGen = res.gen
	}
	s.mu.Unlock()
	if !current {
		return
	}
	if pulls {
		// The client pulls after its own edits; only a change it cannot see
		// (config, earlier migrations) needs a word from the server.
		if invalidated {
			s.requestRefresh()
		}
		return
	}
	if err := s.publish(snap.doc.uri, res); err != nil {
		s.log.Printf("publishing diagnostics for %s: %v", snap.doc.uri, err)
	}
}

// timedLint lints a snapshot and records what the check cost, which sets
// the document's debounce.
func (s *Server) timedLint(snap *snapshot) *lintResult {
	start := time.Now()
	res := s.lint(snap.path, snap.version, snap.text, snap.lines)
	res.gen = snap.gen
	cost := time.Since(start)
	s.mu.Lock()
	snap.doc.cost = cost
	s.mu.Unlock()
	return res
}

// lintDelayLocked is how long to wait after an edit before checking d: no
// time at all when its last check was cheaper than a keystroke interval
// (the result is there before the next key), else the debounce, so that an
// expensive check waits for a pause in typing. A configured debounce is
// used as is.
func (s *Server) lintDelayLocked(d *document) time.Duration {
	if !s.adaptive || d.cost > keystrokeInterval {
		return s.debounce
	}
	return 0
}

// refreshDelay gathers the refreshes of the documents one change on disk
// invalidates into one request: a refresh re-pulls every open document.
const refreshDelay = 20 * time.Millisecond

// requestRefresh asks a pulling client to pull again, once for a burst.
func (s *Server) requestRefresh() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.refreshes || s.refreshPending || s.shutdown {
		return
	}
	s.refreshPending = true
	client := s.client
	time.AfterFunc(refreshDelay, func() {
		s.mu.Lock()
		s.refreshPending = false
		s.mu.Unlock()
		if err := client.DiagnosticRefresh(context.Background()); err != nil {
			s.log.Printf("asking the client to pull diagnostics again: %v", err)
		}
	})
}

// store keeps res as d's newest result if d is still open at that version.
func (s *Server) store(key string, d *document, res *lintResult) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.docs[key] != d || d.version != res.version || d.gen != res.gen {
		return false
	}
	d.last = res
	return true
}

// current returns the lint result for the document's current text, linting
// it now if the debounced lint has not run yet.
func (s *Server) current(key string) (*lintResult, *document) {
	snap := s.snapshot(key)
	if snap == nil {
		return nil, nil
	}
	return s.resultFor(key, snap), snap.doc
}

// pendingLint is a lint running for one version of a document: whoever
// needs that version's result meanwhile (a pull arriving while the lint
// didOpen started runs, a push and a pull of the same version) waits for it
// instead of linting the same text again.
type pendingLint struct {
	version int32
	gen     int
	text    string
	done    chan struct{}
	res     *lintResult // nil if the lint panicked
}

func (p *pendingLint) isFor(snap *snapshot) bool {
	return p.version == snap.version && p.gen == snap.gen && p.text == snap.text
}

// resultFor returns the lint result of snap: the stored one when it is for
// this text, the one a running lint is computing, or a new lint's.
func (s *Server) resultFor(key string, snap *snapshot) *lintResult {
	d := snap.doc
	s.mu.Lock()
	if last := d.last; last != nil && last.version == snap.version && last.gen == snap.gen && last.text == snap.text {
		s.mu.Unlock()
		return last
	}
	if p := d.running; p != nil && p.isFor(snap) {
		s.mu.Unlock()
		<-p.done
		if p.res != nil {
			return p.res
		}
		return s.timedLint(snap) // that lint crashed: this one reports it
	}
	p := &pendingLint{version: snap.version, gen: snap.gen, text: snap.text, done: make(chan struct{})}
	d.running = p
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if d.running == p {
			d.running = nil
		}
		s.mu.Unlock()
		close(p.done)
	}()
	p.res = s.timedLint(snap)
	s.store(key, d, p.res)
	return p.res
}

// diagnostics converts findings; suppressed findings are not shown, as in
// the CLI's text output.
func (s *Server) diagnostics(res *lintResult) []protocol.Diagnostic {
	out := []protocol.Diagnostic{}
	if res.cfgErr != nil {
		out = append(out, protocol.Diagnostic{
			Severity: protocol.DiagnosticSeverityError, Source: protocol.NewOptional("sqlreview"),
			Code: protocol.String("config"), Message: protocol.String(strings.TrimPrefix(res.cfgErr.Error(), engine.ErrUsage.Error()+": ")),
		})
		return out
	}
	for i := range res.findings {
		f := &res.findings[i]
		if f.Suppressed {
			continue
		}
		out = append(out, s.diagnostic(res.lines, f))
	}
	return out
}

func (s *Server) diagnostic(lines *source.Lines, f *engine.Finding) protocol.Diagnostic {
	d := protocol.Diagnostic{
		Range:           s.rangeOf(lines, f.StartOffset, f.EndOffset),
		Severity:        severity(f.Severity),
		Code:            protocol.String(f.Rule.Name),
		CodeDescription: protocol.CodeDescription{Href: uri.URI(f.Rule.DocURL())},
		Source:          protocol.NewOptional("sqlreview"),
		Message:         protocol.String(f.Message),
	}
	if f.Rule == meta.UnusedSuppression {
		d.Tags = protocol.NewDiagnosticTags(protocol.DiagnosticTagUnnecessary)
	}
	return d
}

func severity(s rules.Severity) protocol.DiagnosticSeverity {
	switch s {
	case rules.Error:
		return protocol.DiagnosticSeverityError
	case rules.Warning:
		return protocol.DiagnosticSeverityWarning
	default:
		return protocol.DiagnosticSeverityInformation
	}
}

// Diagnostic answers pull requests (textDocument/diagnostic) for open
// documents and for files on disk.
// On the wire, pullReport answers them with the same result, pre-encoded.
func (s *Server) Diagnostic(ctx context.Context, p *protocol.DocumentDiagnosticParams) (protocol.DocumentDiagnosticReport, error) {
	res, err := s.pullResult(string(p.TextDocument.URI))
	if err != nil {
		return nil, err
	}
	id := s.wire(res).resultID
	if p.PreviousResultID != nil && *p.PreviousResultID == id {
		return &protocol.RelatedUnchangedDocumentDiagnosticReport{UnchangedDocumentDiagnosticReport: protocol.UnchangedDocumentDiagnosticReport{
			Kind: "unchanged", ResultID: id,
		}}, nil
	}
	return &protocol.RelatedFullDocumentDiagnosticReport{FullDocumentDiagnosticReport: protocol.FullDocumentDiagnosticReport{
		Kind: "full", ResultID: &id, Items: s.diagnostics(res),
	}}, nil
}

// pullResult is the lint result a pull of key reports: the open document's
// current one, else the file on disk's.
func (s *Server) pullResult(key string) (*lintResult, error) {
	if res, _ := s.current(key); res != nil {
		return res, nil
	}
	path := filePath(key)
	if path == "" {
		return nil, fmt.Errorf("%s is not open and not a file", key)
	}
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	text := string(data)
	return s.lint(path, 0, text, source.NewLines(text)), nil
}

// uriOf wraps the client's URI string without re-encoding it.
func uriOf(raw string) uri.URI { return uri.URI(raw) }
