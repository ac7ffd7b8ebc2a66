// Package buildinfo answers "which sqlreview is this?" once, for every place
// that records or shows it: `sqlreview version`, history rows and events,
// release and rollout records, SARIF's tool.driver.version and the language
// server's serverInfo. They all call Version, so they never disagree.
package buildinfo

import (
	"fmt"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/sqlreview/sqlreview/rules/source"
)

// release is the version a release build stamps into cmd/sqlreview
// (-ldflags "-X main.version=v1.2.3"); main hands it over with SetRelease.
var release string

// SetRelease records the version a release build was stamped with; "" means
// the build was not stamped, and the Go build info decides.
func SetRelease(v string) { release = strings.TrimSpace(v) }

// Details is everything a bug report needs to name the build.
type Details struct {
	// Version is the one version string (see Version).
	Version string `json:"version"`
	// Revision, Time and Modified are the VCS state `go build` recorded in
	// a checkout (empty for `go install …@v1.2.3` and -buildvcs=false).
	Revision string `json:"revision,omitempty"`
	Time     string `json:"time,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	// Go is the toolchain that built the binary.
	Go string `json:"go"`
	// PostgresGrammar is the PostgreSQL release whose parser libpg_query
	// embeds (e.g. 17.7): the SQL sqlreview understands.
	PostgresGrammar string `json:"postgresGrammar"`
	// PgQueryGo is the version of the pg_query_go module linked in.
	PgQueryGo string `json:"pgQueryGo,omitempty"`
}

// Version is sqlreview's version: the release stamp when there is one,
// else the module version `go install …@vX` recorded, else "(devel)" with
// the short VCS revision and "+dirty" for a build of a modified checkout.
func Version() string { return Read().Version }

var (
	readOnce sync.Once
	fromGo   Details
)

// Read returns the build's details (the build info is read once).
func Read() Details {
	readOnce.Do(func() {
		bi, _ := debug.ReadBuildInfo()
		fromGo = fromBuildInfo(bi)
		fromGo.PostgresGrammar = postgresGrammar()
	})
	d := fromGo
	if release != "" {
		d.Version = release
	}
	return d
}

// pseudoVersion matches the versions Go derives from a commit
// (v0.0.0-20250115090000-0123456789ab), which name no release.
var pseudoVersion = regexp.MustCompile(`\d{14}-[0-9a-f]{12}(\+dirty)?$`)

// fromBuildInfo derives the details from Go's build info (nil when the
// binary has none).
func fromBuildInfo(bi *debug.BuildInfo) Details {
	d := Details{Version: "(devel)", Go: runtime.Version()}
	if bi == nil {
		return d
	}
	if bi.GoVersion != "" {
		d.Go = bi.GoVersion
	}
	for _, dep := range bi.Deps {
		if dep.Path == "github.com/pganalyze/pg_query_go/v6" {
			d.PgQueryGo = dep.Version
			if dep.Replace != nil {
				d.PgQueryGo = dep.Replace.Version
			}
		}
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			d.Revision = s.Value
		case "vcs.time":
			d.Time = s.Value
		case "vcs.modified":
			d.Modified = s.Value == "true"
		}
	}
	main := bi.Main.Version
	switch {
	case main != "" && main != "(devel)" && !pseudoVersion.MatchString(main):
		// A tagged module version: `go install …@v1.2.3`, or a clean
		// checkout at a tag.
		d.Version = main
	case d.Revision != "":
		d.Version = "(devel)-" + short(d.Revision)
		if d.Modified {
			d.Version += "+dirty"
		}
	case main != "":
		// A pseudo-version without VCS settings: `go install …@COMMIT`.
		d.Version = main
	}
	return d
}

// short abbreviates a commit hash to 12 digits, as Go's pseudo-versions do.
func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

// postgresGrammar is the PostgreSQL release of libpg_query's parser, as
// every parse result records it (source.GrammarVersion).
func postgresGrammar() string {
	v := source.GrammarVersion()
	if v == 0 {
		return "unknown"
	}
	return fmt.Sprintf("%d.%d", v/10000, v%10000)
}
