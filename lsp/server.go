// Package lsp is `sqlreview lsp`, the language server: it shows in editors
// exactly what `sqlreview check` reports for the same file and config —
// through rules/engine's document API — with quick fixes, rule docs on hover
// and completion of rule names in suppression comments.
//
// One file per feature: lifecycle.go (initialize … exit), textsync.go
// (documents and incremental edits), diagnostics.go (linting, push and
// pull), codeaction.go, hover.go, completion.go, configuration.go (config,
// catalog and directory caches and their invalidation); navigation across
// the migration directory: definition.go, references.go, symbols.go,
// folding.go and schema_names.go (completion of replayed names), all built
// on resolve.go's one "which object does this name denote" resolver.
package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/sqlreview/sqlreview/rules/source"
)

// Options configure a Server.
type Options struct {
	// Debounce is how long the server waits after an edit before linting;
	// 0 means "by the document's cost" (see lintDelay).
	// initializationOptions.debounceMs overrides it.
	Debounce time.Duration
	// Log receives the server's log (stderr for `sqlreview lsp`).
	Log io.Writer
}

// stmtCacheSize bounds the parse cache (statements; up to twice that are
// kept): a few large files' worth.
const stmtCacheSize = 50000

// DefaultDebounce is the delay before linting a document whose last check
// cost more than a keystroke interval: most typing bursts have gaps shorter
// than this, so such a check waits for a pause instead of running (and
// being thrown away) at every key.
const DefaultDebounce = 100 * time.Millisecond

// keystrokeInterval is the gap between keys of fast typing. A check cheaper
// than this runs at once: it is done before the next key arrives.
const keystrokeInterval = 50 * time.Millisecond

// Server is the language server's state. It is driven by Serve; tests may
// call its handler methods directly.
type Server struct {
	protocol.UnimplementedServer

	opts   Options
	log    *log.Logger
	client protocol.Client
	// conn is the connection Serve runs (nil when tests drive handlers):
	// pre-encoded diagnostics are pushed through it.
	conn jsonrpc2.Conn

	mu       sync.Mutex
	docs     map[string]*document // by canonical URI
	utf8     bool                 // negotiated position encoding
	folders  []string             // workspace folder paths, for the default config's root
	debounce time.Duration
	// adaptive: no debounce was set, so each document's delay follows what
	// its checks cost (lintDelay).
	adaptive bool
	shutdown bool
	// initializeSeen is set when initialize arrives (in wire order): the
	// lifecycle gate in admit reads it.
	initializeSeen bool
	inflight       map[string]context.CancelFunc // running requests, by id
	exited         chan struct{}
	watchReg       bool // the client can register file watchers dynamically
	// pulls: the client pulls diagnostics, so none are pushed to it;
	// refreshes: it re-pulls on workspace/diagnostic/refresh, sent when a
	// config or an earlier migration changed what a document's findings are.
	pulls, refreshes bool
	refreshPending   bool
	disk             *diskWatcher // the server's own, when the client cannot (watch.go)
	// flatSymbols: the client did not declare hierarchical document
	// symbols, so the outline is sent as a flat SymbolInformation list.
	flatSymbols bool

	caches *caches
	stmts  *source.StmtCache
	// parsed is the last parse of each open document's text, by path: the
	// next version is read from it (source.ParseEdited).
	parsedMu sync.Mutex
	parsed   map[string]*source.File
	pubMu    sync.Mutex // orders publishDiagnostics after the version check
}

// NewServer returns a server that is not connected yet; Serve connects it.
func NewServer(opts Options) *Server {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	adaptive := opts.Debounce <= 0
	if adaptive {
		opts.Debounce = DefaultDebounce
	}
	return &Server{
		opts:     opts,
		log:      log.New(opts.Log, "sqlreview lsp: ", log.LstdFlags|log.Lmicroseconds),
		docs:     map[string]*document{},
		inflight: map[string]context.CancelFunc{},
		debounce: opts.Debounce,
		adaptive: adaptive,
		exited:   make(chan struct{}),
		caches:   newCaches(),
		stmts:    source.NewStmtCache(stmtCacheSize),
		parsed:   map[string]*source.File{},
		client:   nopClient{},
	}
}

// Serve runs the server over rwc (stdin/stdout for `sqlreview lsp`) until
// the client sends exit or closes the stream. It returns the process exit
// code the specification asks for: 0 after shutdown, 1 otherwise.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) int {
	s := NewServer(opts)
	return s.serve(ctx, rwc, s)
}

// serve runs impl (s, or a test's wrapper of it) over rwc.
func (s *Server) serve(ctx context.Context, rwc io.ReadWriteCloser, impl protocol.Server) int {
	conn := jsonrpc2.NewConn(newGuardedStream(rwc), jsonrpc2.WithCodec(codec{}))
	s.mu.Lock()
	s.client = protocol.ClientDispatcher(conn)
	s.conn = conn
	s.mu.Unlock()
	conn.Go(ctx, s.handler(impl))
	select {
	case <-s.exited:
	case <-conn.Done():
		if err := conn.Err(); err != nil && err != io.EOF && !strings.Contains(err.Error(), "EOF") {
			s.log.Printf("connection ended: %v", err)
		}
	case <-ctx.Done():
	}
	// Close waits for the read loop, which may sit in a read of standard
	// input that nothing can interrupt: give it a moment, then leave.
	closed := make(chan struct{})
	go func() { _ = conn.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(200 * time.Millisecond):
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown {
		return 0
	}
	return 1
}

// codec is protocol's union-aware codec (unexported there): Serve wires the
// connection itself so that it can install handler() below, which NewServer
// does not allow.
type codec struct{}

func (codec) Marshal(v any) ([]byte, error) {
	switch m := v.(type) {
	case jsonrpc2.RawMessage:
		if m == nil {
			return []byte("null"), nil
		}
		return m, nil
	case *jsonrpc2.RawMessage:
		if m == nil || *m == nil {
			return []byte("null"), nil
		}
		return *m, nil
	}
	return protocol.Marshal(v)
}

func (codec) Unmarshal(data []byte, v any) error {
	if p, ok := v.(*jsonrpc2.RawMessage); ok {
		*p = append(jsonrpc2.RawMessage(nil), data...)
		return nil
	}
	return protocol.Unmarshal(data, v)
}

type rawURIKey struct{}

// handler is the dispatch chain. It differs from protocol.NewServer's in
// what keeps the server up and correct:
//   - notifications run in wire order on the read loop (protocol.Handlers
//     runs them concurrently, which reorders incremental edits); requests
//     run concurrently so a slow one never blocks typing;
//   - the lifecycle is enforced in wire order: requests before initialize
//     get ServerNotInitialized, a second initialize and requests after
//     shutdown get InvalidRequest;
//   - handlers run on a context the server owns (see requestContext);
//   - a notification's error (bad params, unknown method) is logged, not
//     returned: jsonrpc2 closes the connection on it;
//   - `$/` notifications the server does not know are dropped, per spec;
//   - a panic is recovered and logged, and a request gets an error reply.
func (s *Server) handler(impl protocol.Server) jsonrpc2.Handler {
	inner := protocol.ServerHandler(impl, jsonrpc2.MethodNotFoundHandler)
	return func(wireCtx context.Context, req *jsonrpc2.Request) (res any, err error) {
		ctx, done := s.ownContext(wireCtx, req)
		defer done()
		method := req.Method()
		defer func() {
			if v := recover(); v != nil {
				s.log.Printf("panic in %s: %v\n%s", method, v, debug.Stack())
				res, err = nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "sqlreview: %s failed: %v", method, v)
			}
			if err != nil && !req.IsCall() {
				s.log.Printf("%s: %v", method, err)
				res, err = nil, nil
			}
		}()
		if method == protocol.MethodCancelRequest {
			s.cancelRequest(req.Params())
			return nil, nil
		}
		if !req.IsCall() && strings.HasPrefix(method, "$/") {
			return nil, nil
		}
		if err := s.admit(method, req.IsCall()); err != nil {
			if err == errDropNotification {
				return nil, nil
			}
			return nil, err
		}
		if method == protocol.MethodTextDocumentDidOpen {
			// The decoder canonicalises URIs; keep the client's spelling.
			var p struct {
				TextDocument struct {
					URI string `json:"uri"`
				} `json:"textDocument"`
			}
			if json.Unmarshal(req.Params(), &p) == nil && p.TextDocument.URI != "" {
				ctx = context.WithValue(ctx, rawURIKey{}, p.TextDocument.URI)
			}
		}
		if req.IsCall() {
			jsonrpc2.Async(ctx)
		}
		if srv, ok := impl.(*Server); ok && method == protocol.MethodTextDocumentDiagnostic {
			return srv.pullReport(ctx, req.Params())
		}
		return inner(ctx, req)
	}
}

// errDropNotification marks a notification the lifecycle says to ignore.
var errDropNotification = errors.New("notification dropped")

// admit applies the lifecycle to a message, on the read loop so that wire
// order decides: before initialize, requests get ServerNotInitialized and
// notifications but exit are dropped; initialize is accepted once; after
// shutdown, requests but another shutdown get InvalidRequest.
func (s *Server) admit(method string, isCall bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case method == protocol.MethodInitialize && !isCall:
		return errDropNotification
	case method == protocol.MethodInitialize && s.initializeSeen:
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize was already received: a server is initialized once")
	case method == protocol.MethodInitialize:
		s.initializeSeen = true
	case method == protocol.MethodExit:
	case !s.initializeSeen && isCall:
		return jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "server not initialized: send initialize first")
	case !s.initializeSeen:
		return errDropNotification
	case method == protocol.MethodShutdown:
		s.shutdown = true
	case s.shutdown && isCall:
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server is shut down")
	}
	return nil
}

// requestContext is the context handlers run on: cancelled by the server
// ($/cancelRequest, or the handler's end), with jsonrpc2's request context
// behind it for values (Async needs its own) while the handler runs.
// jsonrpc2 recycles its request context once the reply is sent; a context
// derived from it with WithCancel watches it from a goroutine that can read
// it after that and panic, and goroutines a handler starts may outlive it.
type requestContext struct {
	context.Context
	mu   sync.RWMutex
	wire context.Context // nil once the handler returned
}

func (c *requestContext) Value(key any) any {
	if v := c.Context.Value(key); v != nil {
		return v
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.wire == nil {
		return nil
	}
	return c.wire.Value(key)
}

// ownContext returns the handler's context and the function that ends it.
func (s *Server) ownContext(wire context.Context, req *jsonrpc2.Request) (context.Context, func()) {
	own, cancel := context.WithCancel(context.Background())
	c := &requestContext{Context: own, wire: wire}
	key, isCall := idKey(req.ID()), req.IsCall()
	if isCall {
		s.mu.Lock()
		s.inflight[key] = cancel
		s.mu.Unlock()
	}
	return c, func() {
		c.mu.Lock()
		c.wire = nil
		c.mu.Unlock()
		cancel()
		if isCall {
			s.mu.Lock()
			delete(s.inflight, key)
			s.mu.Unlock()
		}
	}
}

// cancelRequest cancels the context of the request $/cancelRequest names.
func (s *Server) cancelRequest(params []byte) {
	var p struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(params, &p) != nil {
		return
	}
	var key string
	var str string
	if json.Unmarshal(p.ID, &str) == nil {
		key = idKey(jsonrpc2.NewStringID(str))
	} else if n, err := strconv.ParseInt(string(bytes.TrimSpace(p.ID)), 10, 64); err == nil {
		key = idKey(jsonrpc2.NewNumberID(n))
	} else {
		return
	}
	s.mu.Lock()
	cancel := s.inflight[key]
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

func idKey(id jsonrpc2.ID) string {
	if n, ok := id.Number(); ok {
		return "n" + strconv.FormatInt(n, 10)
	}
	str, _ := id.StringValue()
	return "s" + str
}

// Request answers non-standard methods: requests get "method not found",
// notifications are ignored.
func (s *Server) Request(ctx context.Context, method string, params any) (any, error) {
	return nil, fmt.Errorf("%q: %w", method, jsonrpc2.ErrMethodNotFound)
}

// nopClient stands in for the client before Serve connects one (tests that
// drive handlers directly).
type nopClient struct{ protocol.Client }

func (nopClient) PublishDiagnostics(context.Context, *protocol.PublishDiagnosticsParams) error {
	return nil
}
func (nopClient) DiagnosticRefresh(context.Context) error                        { return nil }
func (nopClient) LogMessage(context.Context, *protocol.LogMessageParams) error   { return nil }
func (nopClient) ShowMessage(context.Context, *protocol.ShowMessageParams) error { return nil }
func (nopClient) RegisterCapability(context.Context, *protocol.RegistrationParams) error {
	return nil
}

var _ protocol.Server = (*Server)(nil)
