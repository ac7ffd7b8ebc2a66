package targets

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sqlreview/sqlreview/rules/config"
)

func TestResolveTargetsFrom(t *testing.T) {
	dir := t.TempDir()
	cfg := config.Default()
	cfg.Dir = dir
	os.WriteFile(filepath.Join(dir, "dbs.json"), []byte(`[{"name": "f1", "url": "${F1}"}]`), 0o644)
	env := config.Environment{Name: "prod", Targets: []config.Target{{Name: "a", URL: "postgres://u:${PW}@h/a"}},
		TargetsFrom: &config.TargetsFrom{Command: `echo '[{"name": "c1", "url": "postgres://x@h/c1"}]'`}}
	ts, err := Resolve(cfg, env, func(k string) string { return map[string]string{"PW": "s3cret"}[k] })
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0].URL != "postgres://u:s3cret@h/a" || ts[1].Name != "c1" || ts[1].Missing != "" {
		t.Fatalf("targets = %+v", ts)
	}
	env.TargetsFrom = &config.TargetsFrom{File: "dbs.json"}
	ts, err = Resolve(cfg, env, func(string) string { return "" })
	if err != nil || len(ts) != 2 || ts[0].Missing != "PW" || ts[1].Missing != "F1" {
		t.Fatalf("targets = %+v, %v", ts, err)
	}
}
