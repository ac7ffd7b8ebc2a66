// Package config finds, decodes and validates .sqlreview.yaml.
//
// Decoding is strict: an unknown key, a value of the wrong type or a
// duplicate key is an error naming the file and line, with a "did you mean"
// suggestion where one is close. A typo in a config that silently turns a
// rule off is worse than a failed run, so nothing is ignored.
//
// Rule names are checked by Validate through a resolver supplied by the
// caller, which keeps this package free of the rule registry (the registry
// sits above it in the import graph).
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// FileNames are the names Find looks for, in order of preference.
var FileNames = []string{".sqlreview.yaml", ".sqlreview.yml"}

// Config is a decoded .sqlreview.yaml. The yaml tags are the keys of the
// file; Path and Dir are not read from it.
type Config struct {
	// Path is the file the config came from; "" for Default().
	Path string `yaml:"-"`
	// Dir is the directory that relative paths and globs resolve against:
	// the config file's directory, always absolute (Path stays as the user
	// named it, for messages). For Default() it is "" and the caller
	// decides (normally the current directory).
	Dir string `yaml:"-"`

	Postgres     Postgres      `yaml:"postgres"`
	Files        Files         `yaml:"files"`
	Rules        Rules         `yaml:"rules"`
	Exclusions   []Exclusion   `yaml:"exclusions"`
	FailOn       string        `yaml:"fail-on"`
	Migrations   Migrations    `yaml:"migrations"`
	Environments []Environment `yaml:"environments"`
	State        State         `yaml:"state"`
	Rollout      Rollout       `yaml:"rollout"`
	Notify       Notify        `yaml:"notify"`
	Output       []Output      `yaml:"output"`
	Lint         Lint          `yaml:"lint"`
	// Environment is the environment whose rules ForEnvironment merged
	// in ("" = the top-level policy only); EnvRules are those rules.
	Environment string    `yaml:"-"`
	EnvRules    *EnvRules `yaml:"-"`
	// Groups name sets of people once, for approval flows and rollout
	// permissions: a list entry "group:dba" stands for every member of dba.
	Groups map[string][]string `yaml:"groups" expect:"a mapping of group: [names]"`
	// Signing says whose signatures open a gate (approvals, manual
	// rollouts): see package orchestrator/signing.
	Signing Signing `yaml:"signing"`
	// Risk holds the rules that give each release a risk level per
	// environment (package rules/risk); approval flows depend on it.
	Risk Risk `yaml:"risk"`

	// lines maps a key path as shown in messages ("fail-on",
	// "rules.enable[2]", "rules.severity.ban-drop-column") to its line in
	// Path, so Validate can point at the offending line.
	lines map[string]int
}

// Postgres is the target database.
type Postgres struct {
	// Version is the target PostgreSQL major version, 9 (written 9.6), 10
	// or 11..18.
	Version int `yaml:"version" expect:"9.6, 10 or an integer 11–18"`
}

// Files selects the files that are linted.
type Files struct {
	// Include and Exclude are globs relative to Config.Dir (see Match).
	Include []string `yaml:"include" expect:"a list of globs"`
	Exclude []string `yaml:"exclude" expect:"a list of globs"`
	// MaxSize is the largest file that is parsed ("64MB", "512KB", or a
	// number of bytes; "" = DefaultMaxFileSize): a larger file gets one
	// unreadable-file finding instead, so one huge dump cannot take the
	// memory of the machine (see MaxBytes).
	MaxSize string `yaml:"max-size" expect:"a size such as \"64MB\""`
}

// DefaultMaxFileSize is files.max-size when the config does not set it:
// far above any hand-written migration, below what parsing needs to fit in
// a CI runner's memory (parsing takes about ten times the file's size).
const DefaultMaxFileSize = 64 << 20

// MaxBytes is files.max-size in bytes (DefaultMaxFileSize when unset or
// invalid; Validate reports an invalid one).
func (f Files) MaxBytes() int64 {
	if n, ok := ParseSize(f.MaxSize); ok && n > 0 {
		return n
	}
	return DefaultMaxFileSize
}

// ParseSize parses a size: a number of bytes, or a number followed by KB,
// MB or GB (powers of 1024; case-insensitive, a space allowed between).
func ParseSize(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	upper := strings.ToUpper(s)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(upper, u.suffix) {
			s, mult = strings.TrimSpace(s[:len(s)-len(u.suffix)]), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, false
	}
	return n * mult, true
}

// Rules selects rules and their severities.
type Rules struct {
	// Default is the starting set: "recommended", "all", "none", or a
	// Bytebase template preset, "bytebase-basic" or "bytebase-advanced".
	Default string `yaml:"default"`
	// Enable and Disable hold rule names, codes or aliases.
	Enable  []string `yaml:"enable" expect:"a list of rule names"`
	Disable []string `yaml:"disable" expect:"a list of rule names"`
	// Severity maps a rule to "error", "warning", "info" or "off".
	Severity map[string]string `yaml:"severity" expect:"a mapping of rule: severity"`
	// Settings maps a rule to its options; the rule validates them.
	Settings map[string]map[string]any `yaml:"settings" expect:"a mapping of rule: {option: value}"`
}

// Exclusion silences Rules in the files matching Paths.
type Exclusion struct {
	Paths []string `yaml:"paths" expect:"a list of globs"`
	Rules []string `yaml:"rules" expect:"a list of rule names"`
}

// Migrations describes the versioned migration directory.
type Migrations struct {
	// Dir is relative to Config.Dir.
	Dir string `yaml:"dir"`
	// OutOfOrder is "deny" or "allow": whether a new file older than the
	// newest applied one may run.
	OutOfOrder string `yaml:"out-of-order"`
	// Drift is "refuse" or "warn": what apply and rollout do with a target
	// whose schema changed outside sqlreview since its last snapshot.
	Drift string `yaml:"drift"`
	// HistorySchema is the schema of the target database that holds the
	// apply history, the event log and schema snapshots.
	HistorySchema string `yaml:"history-schema"`
	// Runner is the tool that applies the migration files (one of
	// Runners); its transaction model decides the findings that depend on
	// whether statements share a transaction. "" detects it from each
	// file's layout, falling back to sqlreview's own.
	Runner string `yaml:"runner"`
	// AssumeInTransaction, when set, overrides the runner: true reviews
	// every file as wrapped in one transaction, false as run in
	// autocommit (Squawk's assume_in_transaction).
	AssumeInTransaction *bool `yaml:"assume-in-transaction"`
}

// Environment is one rollout stage. Its semantics belong to the
// orchestrator; this package only decodes it.
type Environment struct {
	Name string `yaml:"name"`
	// Approval is the gate before a rollout to this environment: "none"
	// (or empty), "required" (one approval by anyone but the author), or
	// flows per risk level (see Approval).
	Approval    Approval     `yaml:"approval" expect:"none, required, or a mapping of risk level: [steps]"`
	Concurrency int          `yaml:"concurrency"`
	MaxFailures int          `yaml:"max-failures"`
	Canary      int          `yaml:"canary"`
	Targets     []Target     `yaml:"targets" expect:"a list of {name, url}"`
	TargetsFrom *TargetsFrom `yaml:"targets-from" expect:"a mapping {command, file}"`
	// Rollout is "auto" (or empty) or "manual": a manual stage runs only
	// after someone of RolloutBy confirms it (`sqlreview approve --rollout`).
	Rollout string `yaml:"rollout"`
	// RolloutBy lists who may confirm a manual rollout: names and
	// "group:NAME" entries of Groups.
	RolloutBy []string `yaml:"rollout-by" expect:"a list of names and group:NAME entries"`
	// Rules add rules to the top-level policy, or raise their severity,
	// for this environment only (see ForEnvironment): prod can add the
	// bytebase-advanced preset that test does not run.
	Rules *EnvRules `yaml:"rules" expect:"a mapping {default, enable, severity}"`
}

// RolloutModes are the values of environments[].rollout.
var RolloutModes = []string{"auto", "manual"}

// Signing is the top-level signing: block.
type Signing struct {
	// AllowedSigners is a file in the format of ssh-keygen's ALLOWED
	// SIGNERS (git's gpg.ssh.allowedSignersFile), relative to Config.Dir:
	// the principals (approver names) and the SSH keys they sign with.
	// Releases record it, and verify approvals against their own copy.
	AllowedSigners string `yaml:"allowed-signers"`
	// Unsigned lists the environments where an unsigned approval or
	// rollout confirmation counts (e.g. [test]); elsewhere a signature by
	// a key of AllowedSigners is required.
	Unsigned []string `yaml:"unsigned" expect:"a list of environment names"`
}

// EnvRules is an environment's review policy on top of the top-level
// rules. It only adds or tightens: a rule the top level runs keeps
// running, at its severity or a higher one, so an environment can never
// let through what the pull request's check refused.
type EnvRules struct {
	// Default adds a starting set ("recommended", "all", or a Bytebase
	// preset) to the top-level rules.
	Default string `yaml:"default"`
	// Enable adds rules.
	Enable []string `yaml:"enable" expect:"a list of rule names"`
	// Severity raises rules to "error", "warning" or "info" (enabling them
	// when the top level does not run them).
	Severity map[string]string `yaml:"severity" expect:"a mapping of rule: severity"`
	// Disable is decoded only to refuse it with a message that says why.
	Disable []string `yaml:"disable" expect:"a list of rule names"`
}

// Target is one database of an environment. URL is kept raw: ${VAR}
// references are expanded when used, so secrets never sit in a Config.
type Target struct {
	Name string `yaml:"name"`
	URL  string `yaml:"url"`
	// Database is the database name that routed migration files
	// (Bytebase's db##version##kind##desc.sql) must name to run on this
	// target; "" means the database name of URL.
	Database string `yaml:"database"`
}

// TargetsFrom lists an environment's targets from a command's output or a file.
type TargetsFrom struct {
	Command string `yaml:"command"`
	File    string `yaml:"file"`
}

// State locates the release state store. URL is kept raw like Target.URL;
// empty means the embedded SQLite file .sqlreview/state.db next to the
// config.
type State struct {
	URL string `yaml:"url"`
}

// Rollout holds the per-statement safety settings of a rollout. The
// timeouts are PostgreSQL setting strings ("3s", "500ms", "0").
type Rollout struct {
	LockTimeout      string `yaml:"lock-timeout"`
	StatementTimeout string `yaml:"statement-timeout"`
	Retries          int    `yaml:"retries"`
	// Lease is how long a claimed target stays claimed without renewal
	// (a Go duration, "30s"); a killed rollout's targets are taken over
	// once it expires.
	Lease string `yaml:"lease"`
}

// Notify lists where rollout events are sent.
type Notify struct {
	Webhooks []string `yaml:"webhooks" expect:"a list of URLs"`
}

// Output is an extra report written by a run.
type Output struct {
	Format string `yaml:"format"`
	File   string `yaml:"file"`
}

// Lint holds lint-only settings.
type Lint struct {
	// Catalog is a schema file (relative to Config.Dir) that seeds the
	// catalog before earlier migrations are replayed.
	Catalog string `yaml:"catalog"`
}

// Default returns the configuration used when no file is found; every key
// a file omits keeps these values. Lists and maps are empty, not nil, so
// a decoded "[]" compares equal.
func Default() *Config {
	return &Config{
		Postgres: Postgres{Version: 16},
		Files:    Files{Include: []string{"**/*.sql"}, Exclude: []string{}, MaxSize: "64MB"},
		Rules: Rules{
			Default:  "recommended",
			Enable:   []string{},
			Disable:  []string{},
			Severity: map[string]string{},
			Settings: map[string]map[string]any{},
		},
		Exclusions:   []Exclusion{},
		FailOn:       "error",
		Migrations:   Migrations{Dir: "migrations", OutOfOrder: "deny", Drift: "refuse", HistorySchema: "sqlreview"},
		Environments: []Environment{},
		State:        State{URL: ""},
		Rollout:      Rollout{LockTimeout: "3s", StatementTimeout: "0", Retries: 5, Lease: "30s"},
		Notify:       Notify{Webhooks: []string{}},
		Output:       []Output{},
		Lint:         Lint{Catalog: ""},
		Risk:         Risk{Builtin: true, Rules: []RiskRule{}},
	}
}

// Find returns the nearest config file in startDir or one of its parents,
// up to the filesystem root, as an absolute path; "" and nil when there is
// none. Two config files in one directory are an error, because silently
// preferring one would leave the other's settings unexplained.
func Find(startDir string) (string, error) {
	dir, err := filepath.Abs(startDir)
	if err != nil {
		return "", err
	}
	for {
		var found []string
		for _, name := range FileNames {
			p := filepath.Join(dir, name)
			st, err := os.Stat(p)
			switch {
			case err == nil && st.Mode().IsRegular():
				found = append(found, p)
			case err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrPermission):
				return "", fmt.Errorf("%s: %w", p, unwrapPathError(err))
			}
		}
		switch len(found) {
		case 1:
			return found[0], nil
		case 2:
			return "", fmt.Errorf("%s: both %s and %s exist; keep one", dir, FileNames[0], FileNames[1])
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and decodes the config file at path (see Parse).
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read config: %w", path, unwrapPathError(err))
	}
	return Parse(path, data)
}

// unwrapPathError drops the "open <path>:" prefix of os errors, because
// messages here already start with the path.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Error is a config problem at a line of a file. Its text is a single line,
// "path:line: message", the shape editors and CI problem matchers parse.
type Error struct {
	Path string
	Line int // 1-based; 0 when unknown
	Msg  string
}

// Error formats the problem as "path:line: message", dropping the parts
// that are unknown.
func (e *Error) Error() string {
	switch {
	case e.Path == "":
		return e.Msg
	case e.Line <= 0:
		return e.Path + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
}
