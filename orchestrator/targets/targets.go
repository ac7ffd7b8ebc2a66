// Package targets resolves the databases of an environment from the
// config (targets, targets-from, ${VAR} expansion), picks a command's
// targets and shards, and names a database by its identity.
package targets

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/sqlreview/sqlreview/internal/dburl"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
	"github.com/sqlreview/sqlreview/rules/config"
)

// Target is one database of an environment. URL holds secrets: it
// is used to connect and never printed, stored or sent.
type Target struct {
	Name string
	URL  string
	// Database is the config's database: for the target ("" = the
	// database name of URL), which routed files are matched against.
	Database string
	Ord      int
	// Missing names the unset variables of the URL ("" = resolved).
	Missing string
}

var varRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// ExpandVars replaces ${VAR} from getenv and returns the unset names.
func ExpandVars(s string, getenv func(string) string) (string, []string) {
	var missing []string
	out := varRef.ReplaceAllStringFunc(s, func(m string) string {
		name := m[2 : len(m)-1]
		v := getenv(name)
		if v == "" {
			missing = append(missing, name)
		}
		return v
	})
	return out, missing
}

// FindEnv returns the index of the environment named env; an unknown
// name is an ErrSelection, a usage mistake wherever it is made.
func FindEnv(cfg *config.Config, env string) (int, error) {
	var names []string
	for i, e := range cfg.Environments {
		if e.Name == env {
			return i, nil
		}
		names = append(names, e.Name)
	}
	if len(names) == 0 {
		return -1, selectionErrorf("no environments are configured; add `environments:` to .sqlreview.yaml")
	}
	return -1, selectionErrorf("unknown environment %q; configured: %s", env, strings.Join(names, ", "))
}

// Resolve lists the targets of an environment: its targets, then
// those of targets-from (a JSON list of {name, url} printed by a command
// or held in a file, both relative to the config's directory), with
// ${VAR} expanded. Unset variables are reported in Missing, not as errors,
// so status can list names without secrets.
func Resolve(cfg *config.Config, e config.Environment, getenv func(string) string) ([]Target, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	list := append([]config.Target(nil), e.Targets...)
	if tf := e.TargetsFrom; tf != nil {
		var data []byte
		var err error
		if tf.Command != "" {
			cmd := exec.Command("sh", "-c", tf.Command)
			cmd.Dir = cfg.Dir
			cmd.Stderr = io.Discard
			data, err = cmd.Output()
			if err != nil {
				return nil, fmt.Errorf("environment %s: targets-from command %q failed: %v", e.Name, tf.Command, err)
			}
		}
		if tf.File != "" {
			p := tf.File
			if !filepath.IsAbs(p) && cfg.Dir != "" {
				p = filepath.Join(cfg.Dir, p)
			}
			fdata, ferr := os.ReadFile(p)
			if ferr != nil {
				return nil, fmt.Errorf("environment %s: targets-from file: %v", e.Name, ferr)
			}
			if tf.Command == "" {
				data = fdata
			} else {
				var a, b []config.Target
				if json.Unmarshal(data, &a) == nil && json.Unmarshal(fdata, &b) == nil {
					data, _ = json.Marshal(append(a, b...))
				}
			}
		}
		var more []struct {
			Name     string `json:"name"`
			URL      string `json:"url"`
			Database string `json:"database"`
		}
		if err := json.Unmarshal(data, &more); err != nil {
			// The output may hold URLs: never quote it.
			return nil, fmt.Errorf("environment %s: targets-from must give a JSON list of {\"name\", \"url\"}: %s", e.Name, strings.SplitN(err.Error(), ":", 2)[0])
		}
		for _, m := range more {
			list = append(list, config.Target{Name: m.Name, URL: m.URL, Database: m.Database})
		}
	}
	seen := map[string]bool{}
	var out []Target
	for i, t := range list {
		if t.Name == "" {
			return nil, fmt.Errorf("environment %s: target %d has no name", e.Name, i+1)
		}
		if seen[t.Name] {
			return nil, fmt.Errorf("environment %s: target %q is listed twice", e.Name, t.Name)
		}
		seen[t.Name] = true
		u, missing := ExpandVars(t.URL, getenv)
		rt := Target{Name: t.Name, URL: u, Database: t.Database, Ord: i}
		if len(missing) > 0 {
			rt.Missing = strings.Join(missing, ", ")
		} else if u == "" {
			rt.Missing = "url"
		}
		out = append(out, rt)
	}
	return out, nil
}

// InShard reports whether a target belongs to shard i of n (1-based): a
// hash of the name, so a shard keeps its targets when others are added.
func InShard(name string, i, n int) bool {
	if n <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32()%uint32(n)) == i-1
}

// ErrSelection is a bad choice of targets on a command line: both or
// neither of a URL and an environment, an unknown environment or target.
var ErrSelection = errors.New("target selection")

type selectionError struct{ msg string }

func (e selectionError) Error() string        { return e.msg }
func (e selectionError) Is(target error) bool { return target == ErrSelection }

func selectionErrorf(format string, args ...any) error {
	return selectionError{fmt.Sprintf(format, args...)}
}

// Select lists the databases a command runs on: the one of url, or
// the targets of environment env from the config (only target, when set),
// with their URLs resolved as rollout resolves them. Exactly one of url
// and env must be given. Every returned target has a usable URL; a
// selected target whose URL needs an unset variable is an error naming it.
func Select(cfg *config.Config, env, target, url string, getenv func(string) string) ([]Target, error) {
	switch {
	case url != "" && env != "":
		return nil, selectionErrorf("give either --database-url or --env, not both")
	case target != "" && env == "":
		return nil, selectionErrorf("--target %s needs --env E: a target is named in an environment of the config", target)
	case url == "" && env == "":
		return nil, selectionErrorf("no database; give --database-url URL, set SQLREVIEW_DATABASE_URL, or give --env E [--target T]")
	case url != "":
		return []Target{{URL: url}}, nil
	}
	idx, err := FindEnv(cfg, env)
	if err != nil {
		return nil, err
	}
	all, err := Resolve(cfg, cfg.Environments[idx], getenv)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, selectionErrorf("environment %s has no targets; add targets or targets-from", env)
	}
	selected := all
	if target != "" {
		selected = nil
		var names []string
		for _, t := range all {
			names = append(names, t.Name)
			if t.Name == target {
				selected = append(selected, t)
			}
		}
		if selected == nil {
			return nil, selectionErrorf("environment %s has no target %q; its targets: %s", env, target, strings.Join(names, ", "))
		}
	}
	for _, t := range selected {
		if t.Missing != "" {
			return nil, fmt.Errorf("environment %s, target %s: the URL needs %s; set it in the environment", env, t.Name, t.Missing)
		}
	}
	return selected, nil
}

// RouteName is the database name routed files (db##version##kind##desc.sql)
// are matched against: the config's database: for the target, else the
// database name of its URL. ok is false when neither is known (the URL
// needs an unset variable or does not parse).
func (t Target) RouteName() (name string, ok bool) {
	if t.Database != "" {
		return t.Database, true
	}
	if t.Missing != "" {
		return "", false
	}
	name, err := dburl.DatabaseName(t.URL)
	return name, err == nil
}

// Label names a target in output: its config name, else its database as
// user@host:port/db (never the password).
func (t Target) Label() string {
	if t.Name != "" {
		return t.Name
	}
	return redact.URL(t.URL)
}

// Identity is the database a target is, whatever URL reaches it: the
// server's system identifier (pg_control_system(), the same for a server
// and its physical replicas, different for another cluster) and the
// database name. A target whose URL is changed to another database gets
// another identity.
type Identity struct {
	SystemID string `json:"systemId,omitempty"`
	Database string `json:"database,omitempty"`
}

// IsZero reports whether nothing is known about the database.
func (id Identity) IsZero() bool { return id.SystemID == "" && id.Database == "" }

func (id Identity) String() string {
	return fmt.Sprintf("system id %s, db %s", orDash(id.SystemID), orDash(id.Database))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
