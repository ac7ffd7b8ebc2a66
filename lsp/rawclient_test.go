package lsp_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// rawClient speaks LSP framing by hand to a `sqlreview lsp` process, so
// tests can send what no well-behaved client library would (malformed
// JSON, binary text) and measure timings without a client in between.
type rawClient struct {
	t     testing.TB
	cmd   *exec.Cmd
	in    io.WriteCloser
	mu    sync.Mutex
	msgs  []map[string]any
	cond  *sync.Cond
	done  bool
	stamp []time.Time
	// stderr is the server's log; read it only after the process ended.
	stderr *strings.Builder
	// cpu0 and cpu1 are the server's CPU time before and after the edits
	// a benchmark times.
	cpu0, cpu1 time.Duration
}

func startRaw(t testing.TB) *rawClient {
	t.Helper()
	cmd := exec.Command(server(t), "lsp")
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &rawClient{t: t, cmd: cmd, in: in, stderr: &stderr}
	c.cond = sync.NewCond(&c.mu)
	go func() {
		r := bufio.NewReader(out)
		for {
			n := -1
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					c.mu.Lock()
					c.done = true
					c.cond.Broadcast()
					c.mu.Unlock()
					return
				}
				line = strings.TrimSpace(line)
				if line == "" {
					break
				}
				if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
					n, _ = strconv.Atoi(v)
				}
			}
			body := make([]byte, n)
			if _, err := io.ReadFull(r, body); err != nil {
				continue
			}
			// The arrival time excludes this test client's own decoding.
			at := time.Now()
			var m map[string]any
			json.Unmarshal(body, &m)
			c.mu.Lock()
			c.msgs = append(c.msgs, m)
			c.stamp = append(c.stamp, at)
			c.cond.Broadcast()
			c.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		in.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("server log:\n%s", stderr.String())
		}
	})
	return c
}

func (c *rawClient) sendRaw(body []byte) {
	fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n", len(body))
	c.in.Write(body)
}

func (c *rawClient) send(msg map[string]any) {
	msg["jsonrpc"] = "2.0"
	b, err := json.Marshal(msg)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendRaw(b)
}

func (c *rawClient) notify(method string, params any) {
	c.send(map[string]any{"method": method, "params": params})
}

// call sends a request and waits for its response.
func (c *rawClient) call(id int, method string, params any) map[string]any {
	m, _ := c.callAt(id, method, params)
	return m
}

// callAt is call, also returning when the response arrived.
func (c *rawClient) callAt(id int, method string, params any) (map[string]any, time.Time) {
	c.send(map[string]any{"id": id, "method": method, "params": params})
	return c.wait(func(m map[string]any) bool {
		v, ok := m["id"].(float64)
		return ok && int(v) == id && m["method"] == nil
	}, 30*time.Second)
}

// wait returns the first message (from the start) matching pred and when it
// arrived.
func (c *rawClient) wait(pred func(map[string]any) bool, timeout time.Duration) (map[string]any, time.Time) {
	deadline := time.Now().Add(timeout)
	timer := time.AfterFunc(timeout, func() { c.mu.Lock(); c.cond.Broadcast(); c.mu.Unlock() })
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		for i, m := range c.msgs {
			if pred(m) {
				return m, c.stamp[i]
			}
		}
		if c.done || time.Now().After(deadline) {
			c.t.Fatalf("timed out or server ended waiting; got %d messages", len(c.msgs))
		}
		c.cond.Wait()
	}
}

// published waits for publishDiagnostics of uri at version.
func (c *rawClient) published(uri string, version int) (map[string]any, time.Time) {
	return c.wait(func(m map[string]any) bool {
		if m["method"] != "textDocument/publishDiagnostics" {
			return false
		}
		p := m["params"].(map[string]any)
		v, _ := p["version"].(float64)
		return p["uri"] == uri && int(v) == version
	}, 60*time.Second)
}

func (c *rawClient) initialize(opts map[string]any, caps map[string]any) map[string]any {
	if caps == nil {
		caps = map[string]any{}
	}
	r := c.call(1, "initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": caps, "initializationOptions": opts})
	c.notify("initialized", map[string]any{})
	return r
}
