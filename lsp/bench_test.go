package lsp_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/internal/benchsql"
)

// migration200 is a realistic 200-line migration: tables, indexes, data
// fixes, with findings.
func migration200() string {
	var b strings.Builder
	for i := 0; b.Len() == 0 || strings.Count(b.String(), "\n") < 200; i++ {
		fmt.Fprintf(&b, "CREATE TABLE t%d (\n  id bigint PRIMARY KEY,\n  name text NOT NULL,\n  created timestamp\n);\n", i)
		fmt.Fprintf(&b, "CREATE INDEX t%d_name ON t%d (name);\n", i, i)
		fmt.Fprintf(&b, "ALTER TABLE users ADD COLUMN c%d int;\n", i)
		fmt.Fprintf(&b, "UPDATE users SET c%d = 1 WHERE id > %d;\n\n", i, i)
	}
	return b.String()
}

// measureEdits opens text and times didChange → publishDiagnostics for n
// one-character edits (with the debounce at 0, so it is excluded), returning
// the median.
func measureEdits(b *testing.B, c *rawClient, uri, text string, n int) time.Duration {
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "sql", "version": 1, "text": text}})
	c.published(uri, 1)
	lines := strings.Count(text, "\n")
	var ds []time.Duration
	c.startCPU(b)
	for v := 2; v < n+2; v++ {
		// Alternately type and delete one character in the middle.
		line := lines / 2
		ch := map[string]any{"range": map[string]any{"start": map[string]any{"line": line, "character": 0}, "end": map[string]any{"line": line, "character": 0}}, "text": " "}
		if v%2 == 1 {
			ch = map[string]any{"range": map[string]any{"start": map[string]any{"line": line, "character": 0}, "end": map[string]any{"line": line, "character": 1}}, "text": ""}
		}
		start := time.Now()
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": v}, "contentChanges": []any{ch}})
		_, at := c.published(uri, v)
		ds = append(ds, at.Sub(start))
	}
	c.endCPU(b)
	return median(ds)
}

// benchProject writes the same project as BenchmarkDidChange's: a first
// migration creating users, then text; it returns text's path.
func benchProject(b *testing.B, name, text string) string {
	dir := b.TempDir()
	os.WriteFile(filepath.Join(dir, "001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY);\n"), 0o644)
	path := filepath.Join(dir, "002_"+name+".sql")
	os.WriteFile(path, []byte(text), 0o644)
	return path
}

// measurePulls opens text and times didChange → the answer to
// textDocument/diagnostic for n one-character edits, returning the medians
// of its arrival (as measureEdits times a push: the last byte read, before
// this test client decodes it) and of the end of this client's decoding
// into maps (a client's own cost, which grows with the findings).
func measurePulls(b *testing.B, c *rawClient, uri, text string, n int) (arrived, decoded time.Duration) {
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "sql", "version": 1, "text": text}})
	pull := map[string]any{"textDocument": map[string]any{"uri": uri}}
	c.call(1000, "textDocument/diagnostic", pull)
	line := strings.Count(text, "\n") / 2
	var as, ds []time.Duration
	c.startCPU(b)
	for v := 2; v < n+2; v++ {
		ch := map[string]any{"range": map[string]any{"start": map[string]any{"line": line, "character": 0}, "end": map[string]any{"line": line, "character": 0}}, "text": " "}
		if v%2 == 1 {
			ch = map[string]any{"range": map[string]any{"start": map[string]any{"line": line, "character": 0}, "end": map[string]any{"line": line, "character": 1}}, "text": ""}
		}
		start := time.Now()
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": v}, "contentChanges": []any{ch}})
		r, at := c.callAt(1000+v, "textDocument/diagnostic", pull)
		decodedAt := time.Now()
		if r["result"] == nil {
			b.Fatalf("pull: %v", r)
		}
		as = append(as, at.Sub(start))
		ds = append(ds, decodedAt.Sub(start))
	}
	c.endCPU(b)
	return median(as), median(ds)
}

func median(ds []time.Duration) time.Duration {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

// BenchmarkDidChange measures, over stdio, the time from a one-character
// didChange to its publishDiagnostics (targets: p50 ≤ 5 ms for a 200-line
// migration, ≤ 50 ms for a 5,000-statement file), and the server's RSS with
// 50 open 200-line files (target ≤ 150 MB).
func BenchmarkDidChange(b *testing.B) {
	dir := b.TempDir()
	os.WriteFile(filepath.Join(dir, "001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY);\n"), 0o644)
	for _, tc := range []struct {
		name, text string
	}{{"200-lines", migration200()}, {"5000-statements", benchsql.FiveThousandStatements()}} {
		b.Run(tc.name, func(b *testing.B) {
			c := startRaw(b)
			c.initialize(map[string]any{"debounceMs": 0}, nil)
			path := filepath.Join(dir, "002_"+tc.name+".sql")
			os.WriteFile(path, []byte(tc.text), 0o644)
			b.ResetTimer()
			p50 := measureEdits(b, c, "file://"+path, tc.text, max(b.N, 20))
			b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
		})
		// As editors see it: the server's own debounce (by the file's cost),
		// pushed to a client that cannot pull, and pulled by one that can.
		b.Run(tc.name+"/push", func(b *testing.B) {
			c := startRaw(b)
			c.initialize(nil, nil)
			path := benchProject(b, tc.name, tc.text)
			b.ResetTimer()
			p50 := measureEdits(b, c, "file://"+path, tc.text, max(b.N, 20))
			b.ReportMetric(float64(p50.Microseconds())/1000, "push-p50-ms")
			reportCPU(b, c)
			b.ReportMetric(float64(rssKB(b, c.cmd.Process.Pid))/1024, "rss-MB")
		})
		b.Run(tc.name+"/pull", func(b *testing.B) {
			c := startRaw(b)
			c.initialize(nil, map[string]any{"textDocument": map[string]any{"diagnostic": map[string]any{}}})
			path := benchProject(b, tc.name, tc.text)
			b.ResetTimer()
			p50, decoded := measurePulls(b, c, "file://"+path, tc.text, max(b.N, 20))
			reportCPU(b, c)
			b.ReportMetric(float64(rssKB(b, c.cmd.Process.Pid))/1024, "rss-MB")
			b.ReportMetric(float64(p50.Microseconds())/1000, "pull-p50-ms")
			b.ReportMetric(float64(decoded.Microseconds())/1000, "pull-decoded-p50-ms")
		})
	}
	b.Run("rss-50-files", func(b *testing.B) {
		dir := b.TempDir()
		os.WriteFile(filepath.Join(dir, "001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY);\n"), 0o644)
		c := startRaw(b)
		c.initialize(map[string]any{"debounceMs": 0}, nil)
		text := migration200()
		for i := 0; i < 50; i++ {
			path := filepath.Join(dir, fmt.Sprintf("%03d_m.sql", i+10))
			os.WriteFile(path, []byte(text), 0o644)
		}
		for i := 0; i < 50; i++ {
			uri := "file://" + filepath.Join(dir, fmt.Sprintf("%03d_m.sql", i+10))
			c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "sql", "version": 1, "text": text}})
			c.published(uri, 1)
		}
		b.ReportMetric(float64(rssKB(b, c.cmd.Process.Pid))/1024, "rss-MB")
	})
}

// cpuTime is the CPU time the server process has used so far (user and
// system, all threads): on a shared machine, what its work costs, whatever
// the wait for a core added to the latencies. (The open and first check are
// in it: the edits' share is the difference of two readings.)
func (c *rawClient) cpuTime(b *testing.B) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", c.cmd.Process.Pid))
	if err != nil {
		b.Skip("no /proc")
	}
	// Fields after the command name (which may hold spaces): utime is the
	// 14th field of the line, stime the 15th, in clock ticks (100 a second
	// on Linux).
	fields := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+2:]))
	utime, _ := strconv.Atoi(fields[11])
	stime, _ := strconv.Atoi(fields[12])
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// startCPU and endCPU bracket the edits a benchmark times; reportCPU
// reports the server's CPU time per edit between them.
func (c *rawClient) startCPU(b *testing.B) { c.cpu0 = c.cpuTime(b) }

func (c *rawClient) endCPU(b *testing.B) { c.cpu1 = c.cpuTime(b) }

func reportCPU(b *testing.B, c *rawClient) {
	b.ReportMetric(float64((c.cpu1-c.cpu0).Microseconds())/1000/float64(max(b.N, 20)), "server-cpu-ms/edit")
}

func rssKB(b *testing.B, pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Skip("no /proc")
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return 0
}
