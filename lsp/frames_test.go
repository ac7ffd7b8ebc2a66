package lsp_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// errorReplies returns the error responses with a null id received so far:
// the answers to frames the server could not read as a request.
func (c *rawClient) errorReplies() []map[string]any {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []map[string]any
	for _, m := range c.msgs {
		if _, has := m["id"]; has && m["id"] == nil && m["error"] != nil {
			out = append(out, m)
		}
	}
	return out
}

func errorCode(m map[string]any) int {
	e, _ := m["error"].(map[string]any)
	code, _ := e["code"].(float64)
	return int(code)
}

// hoverStillAnswered asserts that the server answers a request (with a
// result, not an error) after whatever the test sent before it.
func hoverStillAnswered(t *testing.T, c *rawClient, id int) {
	t.Helper()
	r := c.call(id, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "untitled:none"}, "position": map[string]any{"line": 0, "character": 0}})
	if _, ok := r["result"]; !ok || r["error"] != nil {
		t.Fatalf("request after the bad frame: %v", r)
	}
}

// finishCleanly shuts the server down and checks it exits with 0 and never
// logged a panic or a stack trace.
func finishCleanly(t *testing.T, c *rawClient) {
	t.Helper()
	if r := c.call(90, "shutdown", nil); r["error"] != nil {
		t.Fatalf("shutdown: %v", r)
	}
	c.notify("exit", nil)
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after shutdown: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not exit")
	}
	if log := c.stderr.String(); strings.Contains(log, "panic") || strings.Contains(log, "goroutine ") {
		t.Errorf("server log has a panic or stack trace:\n%s", log)
	}
}

// TestMalformedFrames: each malformed frame gets exactly one JSON-RPC error
// response with a null id (-32700 when the frame cannot be read as JSON,
// -32600 when it is JSON but not a valid request), the server resyncs on the
// next header and answers the request after it.
func TestMalformedFrames(t *testing.T) {
	hover := `{"jsonrpc":"2.0","id":%s,"method":"textDocument/hover","params":{"textDocument":{"uri":"untitled:none"},"position":{"line":0,"character":0}}}`
	frame := func(header, body string) string { return header + "\r\n\r\n" + body }
	valid := fmt.Sprintf(hover, "2")
	for _, tc := range []struct {
		name string
		raw  string
		code int
	}{
		{"non-numeric Content-Length", frame("Content-Length: abc", valid), -32700},
		{"negative Content-Length", frame("Content-Length: -5", valid), -32700},
		{"Content-Length above 64 bits", frame("Content-Length: 99999999999999999999999", valid), -32700},
		{"Content-Length of 2 GB", frame("Content-Length: 2000000000", valid), -32700},
		{"zero Content-Length", frame("Content-Length: 0", ""), -32700},
		{"no header at all", valid, -32700},
		{"garbage header line", frame(fmt.Sprintf("Content-Length: %d\r\nthis is not a header", len(valid)), valid), -32700},
		{"header without Content-Length", frame("Content-Type: application/vscode-jsonrpc; charset=utf-8", valid), -32700},
		{"Content-Length shorter than the body", frame(fmt.Sprintf("Content-Length: %d", len(valid)-10), valid), -32700},
		// The request that follows completes the body: the server finds its
		// header inside the frame it could not read.
		{"Content-Length longer than the body", frame(fmt.Sprintf("Content-Length: %d", len(valid)+40), valid), -32700},
		{"float id", frame(fmt.Sprintf("Content-Length: %d", len(fmt.Sprintf(hover, "1.5"))), fmt.Sprintf(hover, "1.5")), -32600},
		{"boolean id", frame(fmt.Sprintf("Content-Length: %d", len(fmt.Sprintf(hover, "true"))), fmt.Sprintf(hover, "true")), -32600},
		{"object id", frame(fmt.Sprintf("Content-Length: %d", len(fmt.Sprintf(hover, `{"a":1}`))), fmt.Sprintf(hover, `{"a":1}`)), -32600},
		{"array id", frame(fmt.Sprintf("Content-Length: %d", len(fmt.Sprintf(hover, "[1]"))), fmt.Sprintf(hover, "[1]")), -32600},
		{"id above 64 bits", frame(fmt.Sprintf("Content-Length: %d", len(fmt.Sprintf(hover, "18446744073709551616"))), fmt.Sprintf(hover, "18446744073709551616")), -32600},
		{"null id on a request", frame(fmt.Sprintf("Content-Length: %d", len(fmt.Sprintf(hover, "null"))), fmt.Sprintf(hover, "null")), -32600},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := startRaw(t)
			c.initialize(map[string]any{"debounceMs": 0}, nil)
			c.in.Write([]byte(tc.raw))
			hoverStillAnswered(t, c, 7)
			errs := c.errorReplies()
			if len(errs) != 1 || errorCode(errs[0]) != tc.code {
				t.Errorf("error replies %v, want exactly one with code %d", errs, tc.code)
			}
			finishCleanly(t, c)
		})
	}
}

// TestStalledFrameBody: a frame whose Content-Length is longer than the body
// sent, with nothing after it, is answered with -32700 once the bytes stop
// coming (instead of the server waiting for them forever), and the request
// after it is answered.
func TestStalledFrameBody(t *testing.T) {
	c := startRaw(t)
	c.initialize(map[string]any{"debounceMs": 0}, nil)
	body := `{"jsonrpc":"2.0","id":5,"method":"shutdown"}`
	fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body)+100, body)
	c.wait(func(m map[string]any) bool { _, has := m["id"]; return has && m["id"] == nil && m["error"] != nil }, 10*time.Second)
	if errs := c.errorReplies(); len(errs) != 1 || errorCode(errs[0]) != -32700 {
		t.Errorf("error replies %v, want exactly one with code -32700", errs)
	}
	hoverStillAnswered(t, c, 7)
	finishCleanly(t, c)
}

// TestLifecycleErrors: a request before initialize gets -32002
// (ServerNotInitialized), a second initialize is refused with -32600, and
// requests after shutdown get -32600 without a panic; each is followed by a
// request that is still answered.
func TestLifecycleErrors(t *testing.T) {
	t.Run("request before initialize", func(t *testing.T) {
		c := startRaw(t)
		r := c.call(3, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "untitled:none"}, "position": map[string]any{"line": 0, "character": 0}})
		if errorCode(r) != -32002 {
			t.Errorf("hover before initialize: %v", r)
		}
		if r := c.initialize(nil, nil); r["result"] == nil {
			t.Fatalf("initialize after the refused request: %v", r)
		}
		hoverStillAnswered(t, c, 7)
		finishCleanly(t, c)
	})
	t.Run("second initialize", func(t *testing.T) {
		c := startRaw(t)
		c.initialize(nil, nil)
		r := c.call(4, "initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}})
		if errorCode(r) != -32600 {
			t.Errorf("second initialize: %v", r)
		}
		hoverStillAnswered(t, c, 7)
		finishCleanly(t, c)
	})
	t.Run("requests after shutdown", func(t *testing.T) {
		c := startRaw(t)
		c.initialize(nil, nil)
		c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": "untitled:a", "languageId": "sql", "version": 1, "text": "UPDATE t SET a = 1;\n"}})
		if r := c.call(2, "shutdown", nil); r["error"] != nil {
			t.Fatalf("shutdown: %v", r)
		}
		for id := 3; id < 13; id++ {
			r := c.call(id, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "untitled:a"}, "position": map[string]any{"line": 0, "character": 0}})
			if errorCode(r) != -32600 {
				t.Errorf("hover after shutdown: %v", r)
			}
		}
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": "untitled:a", "version": 2}, "contentChanges": []any{map[string]any{"text": "SELECT 1;\n"}}})
		finishCleanly(t, c)
	})
}
