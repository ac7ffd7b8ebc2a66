package lsp

import (
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// panicky is a server whose hover and didSave crash.
type panicky struct{ *Server }

func (panicky) Hover(context.Context, *protocol.HoverParams) (*protocol.Hover, error) {
	panic("boom in hover")
}

func (panicky) DidSave(context.Context, *protocol.DidSaveTextDocumentParams) error {
	panic("boom in didSave")
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestPanicRecovered: a panic inside a request becomes an error response
// and a log line on stderr; inside a notification, a log line; the server
// keeps serving.
func TestPanicRecovered(t *testing.T) {
	var logs syncBuffer
	s := NewServer(Options{Log: &logs})
	a, b := net.Pipe()
	go s.serve(context.Background(), a, panicky{s})
	_, conn, srv := protocol.NewClient(context.Background(), nopClient{}, jsonrpc2.NewStream(b))
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := srv.Initialize(ctx, &protocol.InitializeParams{}); err != nil {
		t.Fatal(err)
	}
	_ = srv.DidSave(ctx, &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: "file:///x.sql"}})
	_, err := srv.Hover(ctx, &protocol.HoverParams{})
	if err == nil || !strings.Contains(err.Error(), "boom in hover") {
		t.Fatalf("hover error: %v", err)
	}
	// A second initialize is refused by design: shutdown shows it still answers.
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("server down after a panic: %v", err)
	}
	for _, want := range []string{"panic in textDocument/hover: boom in hover", "panic in textDocument/didSave: boom in didSave"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}
