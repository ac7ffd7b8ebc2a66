package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigPathNamedAnyWay: the config's globs (files.exclude, exclusions)
// and the findings' fingerprints do not depend on how --config names the
// file, on the directory the check runs from, or on where the repository
// is checked out. A relative --config used to keep the config's directory
// relative: the globs matched nothing and the fingerprints hashed the
// clone's absolute path, so a baseline written in one clone matched
// nothing in another.
func TestConfigPathNamedAnyWay(t *testing.T) {
	const cfg = "files:\n  exclude: [\"legacy/**\"]\nexclusions:\n  - paths: [\"migrations/003_*.sql\"]\n    rules: [require-concurrent-index-creation]\n"
	files := map[string]string{
		"cfg.yaml":                 cfg,
		".sqlreview.yaml":          cfg,
		"migrations/001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n",
		"migrations/002_idx.sql":   "CREATE INDEX users_email ON users (email);\n",
		"migrations/003_idx.sql":   "CREATE INDEX users_email2 ON users (email);\n",
		"legacy/old.sql":           "CREATE INDEX users_email3 ON users (email);\n",
	}
	clones := []string{writeFiles(t, files), writeFiles(t, files)}
	var want string
	for _, clone := range clones {
		for _, c := range []struct{ dir, config, path string }{
			{"", "cfg.yaml", "."},
			{"", "./cfg.yaml", "."},
			{"", filepath.Join(clone, "cfg.yaml"), "."},
			{"", "", "."},
			{"migrations", "../cfg.yaml", ".."},
			{"migrations", "", ".."},
		} {
			args := []string{"check", "--format", "json", "--fail-on", "never"}
			if c.config != "" {
				args = append(args, "--config", c.config)
			}
			code, out, stderr := runCLI(t, filepath.Join(clone, c.dir), "", append(args, c.path)...)
			if code != 0 {
				t.Fatalf("%v in %s: exit %d: %s", args, c.dir, code, stderr)
			}
			rep := decode(t, out)
			var b strings.Builder
			fmt.Fprintf(&b, "files=%d", rep.Files)
			for _, f := range rep.Findings {
				fmt.Fprintf(&b, " %s:%d %s %s", filepath.ToSlash(f.Path), f.Start.Line, f.Rule, f.Fingerprint)
			}
			got := strings.ReplaceAll(b.String(), "../", "")
			if want == "" {
				want = got
				if !strings.HasPrefix(want, "files=3 migrations/002_idx.sql:1 require-concurrent-index-creation ") || strings.Count(want, "migrations/") != 1 {
					t.Fatalf("--config %s in %s: %s; want 3 files checked (legacy/ excluded) and one finding, in 002 (003 excluded)", c.config, c.dir, got)
				}
				continue
			}
			if got != want {
				t.Errorf("--config %q from %s/%s:\n got %s\nwant %s", c.config, clone, c.dir, got, want)
			}
		}
	}
}
