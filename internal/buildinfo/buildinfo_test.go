package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: "2026-12-07T14:00:00Z"}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "0a4f5a9abcdef0123456789abcdef0123456789a"
	for _, tc := range []struct {
		name, main string
		settings   []debug.BuildSetting
		want       string
	}{
		{"go install at a tag", "v1.2.3", nil, "v1.2.3"},
		{"checkout, clean", "v0.0.0-20261207140000-0a4f5a9abcde", vcs(rev, "false"), "(devel)-0a4f5a9abcde"},
		{"checkout, modified", "v0.0.0-20261207140000-0a4f5a9abcde+dirty", vcs(rev, "true"), "(devel)-0a4f5a9abcde+dirty"},
		{"checkout at a tag", "v1.2.3", vcs(rev, "false"), "v1.2.3"},
		{"go install at a commit", "v0.0.0-20261207140000-0a4f5a9abcde", nil, "v0.0.0-20261207140000-0a4f5a9abcde"},
		{"no VCS, no version", "(devel)", nil, "(devel)"},
	} {
		bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/sqlreview/sqlreview", Version: tc.main}, Settings: tc.settings,
			Deps: []*debug.Module{{Path: "github.com/pganalyze/pg_query_go/v6", Version: "v6.2.5"}}}
		d := fromBuildInfo(bi)
		if d.Version != tc.want || d.Go != "go1.26.8" || d.PgQueryGo != "v6.2.5" {
			t.Errorf("%s: got %+v, want version %q", tc.name, d, tc.want)
		}
	}
}

func TestReleaseStampWins(t *testing.T) {
	defer SetRelease("")
	SetRelease("v9.9.9")
	if v := Version(); v != "v9.9.9" {
		t.Fatalf("Version() = %q, want the release stamp v9.9.9", v)
	}
}

func TestPostgresGrammar(t *testing.T) {
	// pg_query_go v6 embeds libpg_query 17 (PostgreSQL 17.x).
	if g := Read().PostgresGrammar; len(g) < 4 || g[:3] != "17." {
		t.Fatalf("PostgresGrammar = %q, want 17.x", g)
	}
}
