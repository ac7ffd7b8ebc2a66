package lsp

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/internal/benchsql"
)

// frameClient writes and reads raw LSP frames to an in-process server.
type frameClient struct {
	w io.Writer
	r *bufio.Reader
}

func (c *frameClient) send(body string) {
	fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

// read returns the next frame's body, undecoded.
func (c *frameClient) read() []byte {
	n := -1
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			return nil
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
	io.ReadFull(c.r, body)
	return body
}

// readResponse reads frames until the response to id.
func (c *frameClient) readResponse(id int) []byte {
	prefix := fmt.Sprintf(`"id":%d`, id)
	for {
		b := c.read()
		if b == nil {
			return nil
		}
		if strings.Contains(string(b[:min(len(b), 64)]), prefix) {
			return b
		}
	}
}

func startInProcess(tb testing.TB) *frameClient {
	s := NewServer(Options{})
	a, b := net.Pipe()
	go s.serve(context.Background(), a, s)
	tb.Cleanup(func() { b.Close() })
	c := &frameClient{w: b, r: bufio.NewReaderSize(b, 1<<20)}
	c.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{"textDocument":{"diagnostic":{}}}}}`)
	c.readResponse(1)
	c.send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	return c
}

// BenchmarkPullInProcess times didChange → pulled diagnostics on the
// 5,000-statement file with the server in this process (for profiles: no
// process boundary, no client decoding).
func BenchmarkPullInProcess(b *testing.B) {
	dir := b.TempDir()
	os.WriteFile(filepath.Join(dir, "001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY);\n"), 0o644)
	text := benchsql.FiveThousandStatements()
	path := filepath.Join(dir, "002_big.sql")
	os.WriteFile(path, []byte(text), 0o644)
	c := startInProcess(b)
	uri := "file://" + path
	q := func(s string) string { return strconv.Quote(s) }
	c.send(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":` + q(uri) + `,"languageId":"sql","version":1,"text":` + q(text) + `}}}`)
	pull := `"method":"textDocument/diagnostic","params":{"textDocument":{"uri":` + q(uri) + `}}}`
	c.send(`{"jsonrpc":"2.0","id":2,` + pull)
	c.readResponse(2)
	line := strings.Count(text, "\n") / 2
	var ds []time.Duration
	b.ResetTimer()
	for v := 3; v < b.N+3; v++ {
		end, ins := 0, `" "`
		if v%2 == 0 {
			end, ins = 1, `""`
		}
		start := time.Now()
		c.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":%s,"version":%d},"contentChanges":[{"range":{"start":{"line":%d,"character":0},"end":{"line":%d,"character":%d}},"text":%s}]}}`, q(uri), v, line, line, end, ins))
		c.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,`, v) + pull)
		if c.readResponse(v) == nil {
			b.Fatal("no response")
		}
		ds = append(ds, time.Since(start))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "pull-p50-ms")
}
