package runner

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/migfile"
)

// previewRelease builds an in-memory release of the given files (name,
// content pairs), as the store would hand it to a rollout.
func previewRelease(files ...string) *release.Release {
	rel := &release.Release{ID: "preview"}
	for i := 0; i < len(files); i += 2 {
		v, _ := migfile.Parse(files[i])
		rel.Files = append(rel.Files, release.File{Version: migration.VersionKey(v), Name: files[i], SHA256: migration.Checksum([]byte(files[i+1])), Content: []byte(files[i+1])})
	}
	rel.Digest = release.Digest(rel.Files)
	return rel
}

func scratchLeft(t *testing.T, url string) []string {
	t.Helper()
	c := connect(t, url)
	return queryStrings(t, c, `SELECT datname FROM pg_database WHERE datname LIKE 'sqlreview\_diff\_%'`)
}

// TestPreviewChangeDropsScratchOnFailureAndInterrupt: the scratch database
// is dropped when a pending file fails on the copy and when the preview
// is interrupted while a file runs, and the target is never changed.
func TestPreviewChangeDropsScratchOnFailureAndInterrupt(t *testing.T) {
	url := pgtest.NewDB(t)
	base := []string{"001_t.sql", "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n"}
	if _, _, err := apply(t, url, writeDir(t, map[string]string{base[0]: base[1]})); err != nil {
		t.Fatal(err)
	}
	target := targets.Target{Name: "db-1", URL: url}

	failing := previewRelease(append(base, "002_bad.sql", "INSERT INTO t (id) VALUES (1);\n")...)
	var warn bytes.Buffer
	_, err := PreviewChange(context.Background(), PreviewOptions{Release: failing, Env: "staging", Target: target, Warn: &warn})
	if err == nil || !strings.HasPrefix(err.Error(), "target db-1: the pending files fail on a copy of its schema: ") || !strings.Contains(err.Error(), "002_bad.sql") {
		t.Errorf("failing file: err = %v", err)
	}
	if left := scratchLeft(t, url); len(left) != 0 || warn.Len() != 0 {
		t.Errorf("after a failing file: scratch databases %v, warnings %q", left, warn.String())
	}

	slow := previewRelease(append(base, "002_slow.sql", "SELECT pg_sleep(60);\n")...)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err = PreviewChange(ctx, PreviewOptions{Release: slow, Env: "staging", Target: target, Warn: &warn})
	if err == nil || err.Error() != "target db-1: preview interrupted (the scratch database is dropped): context deadline exceeded" {
		t.Errorf("interrupted preview: err = %v", err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("the interrupted preview took %s", d)
	}
	if left := scratchLeft(t, url); len(left) != 0 || warn.Len() != 0 {
		t.Errorf("after an interrupt: scratch databases %v, warnings %q", left, warn.String())
	}
	c := connect(t, url)
	if got := queryStrings(t, c, `SELECT version FROM sqlreview.history ORDER BY 1`); strings.Join(got, ",") != "1" {
		t.Errorf("the target's history changed: %v", got)
	}
}
