package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/shared"
)

// fullOutputGolden is the complete JSON report of `check` with every rule on
// over PostgreSQL's regression SQL and the four migration histories of the
// shared corpus, as the code wrote it before any optimisation of the check
// path. gzip keeps the ~70 MB report small in the repository.
const fullOutputGolden = "testdata/check-all-corpus.json.gz"

// TestCheckFullOutputUnchanged runs `check --format json` with every rule on
// over pg-regress and the four histories and compares the whole report,
// byte for byte, with the one the unoptimised code wrote: a faster or
// leaner check path must not change a single finding, position, message,
// fingerprint or count. UPDATE_GOLDEN=1 rewrites the expected file.
func TestCheckFullOutputUnchanged(t *testing.T) {
	corpus := shared.Path(t, "corpus")
	args := []string{"check", "--config", filepath.Join("..", "..", "bench", "rulesets", "all.yaml"),
		"--format", "json", "--fail-on", "never", filepath.Join(corpus, "pg-regress")}
	for _, h := range []string{"concourse", "openmeter", "ory-kratos", "trigger-dev"} {
		args = append(args, filepath.Join(corpus, "migrations", h))
	}
	var out, errb bytes.Buffer
	if code := run(args, strings.NewReader(""), &out, &errb); code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errb.String())
	}
	if os.Getenv("UPDATE_GOLDEN") != "" {
		writeGzip(t, fullOutputGolden, out.Bytes())
		return
	}
	want, err := readGzip(fullOutputGolden)
	if err != nil {
		t.Fatalf("%v; run `UPDATE_GOLDEN=1 go test ./cmd/sqlreview -run TestCheckFullOutputUnchanged` on the unchanged code to create it", err)
	}
	if bytes.Equal(out.Bytes(), want) {
		return
	}
	t.Error(describeReportDiff(want, out.Bytes()))
}

// describeReportDiff names the counts that differ and the first differing
// findings of two JSON reports (a line each, not the blobs).
func describeReportDiff(want, got []byte) string {
	type report struct {
		Findings   []json.RawMessage `json:"findings"`
		Files      int               `json:"files"`
		Statements int               `json:"statements"`
	}
	var w, g report
	if err := json.Unmarshal(want, &w); err != nil {
		return fmt.Sprintf("expected file is not a JSON report: %v", err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		return fmt.Sprintf("output is not a JSON report: %v", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the report changed: files %d → %d, statements %d → %d, findings %d → %d\n",
		w.Files, g.Files, w.Statements, g.Statements, len(w.Findings), len(g.Findings))
	shown := 0
	for i := 0; shown < 10 && (i < len(w.Findings) || i < len(g.Findings)); i++ {
		wf, gf := findingAt(w.Findings, i), findingAt(g.Findings, i)
		if wf == gf {
			continue
		}
		fmt.Fprintf(&b, "finding %d:\n  want %s\n  got  %s\n", i, wf, gf)
		shown++
	}
	if shown == 0 {
		b.WriteString("every finding is equal; the difference is in the layout of the report\n")
	}
	return b.String()
}

// findingAt is finding i of fs as one compact line ("(none)" past the end).
func findingAt(fs []json.RawMessage, i int) string {
	if i >= len(fs) {
		return "(none)"
	}
	var b bytes.Buffer
	if err := json.Compact(&b, fs[i]); err != nil {
		return string(fs[i])
	}
	return b.String()
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return io.ReadAll(zr)
}

func writeGzip(t *testing.T, path string, data []byte) {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
