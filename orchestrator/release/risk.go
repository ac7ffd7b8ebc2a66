package release

import (
	"path/filepath"

	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/knowledge"
	"github.com/sqlreview/sqlreview/rules/risk"
)

// EnvContext is what a release's risk in an environment depends on besides
// its content: which of its files would run there, and on how many
// targets.
type EnvContext struct {
	NewFiles []string
	Targets  int
	// TableRows are the estimated rows of the existing tables the files
	// touch, when a live database was read (nil otherwise).
	TableRows map[string]int64
}

// AssessEnv is the risk of the release's files in env: the risk rules of
// cfg over the files of ec.NewFiles (in release order), with the findings
// of the review that fall in them. files are the release's files parsed;
// findings name files by any path ending in the file's name.
func AssessEnv(cfg *config.Config, files []*migration.Migration, findings []engine.Finding, env string, ec EnvContext) risk.Assessment {
	pending := map[string]bool{}
	for _, n := range ec.NewFiles {
		pending[n] = true
	}
	in := risk.Input{Env: env, Targets: ec.Targets, TableRows: ec.TableRows}
	var run []*migration.Migration
	for _, m := range files {
		if pending[m.Name] {
			run = append(run, m)
		}
	}
	in.Files = RiskFiles(run)
	for _, f := range findings {
		if !f.Suppressed && f.Rule != nil && pending[filepath.Base(f.Path)] {
			in.Findings = append(in.Findings, risk.Finding{Rule: f.Rule.Name, Severity: f.Severity})
		}
	}
	return risk.Assess(risk.Rules(cfg), in)
}

// RiskFiles are the parsed files as the risk rules read them.
func RiskFiles(files []*migration.Migration) []risk.File {
	var out []risk.File
	for _, m := range files {
		f := risk.File{Path: m.Path, Kind: m.Version.Kind}
		for _, st := range m.Statements {
			f.Statements = append(f.Statements, risk.Statement{Node: st.Node, Line: st.Line, Lock: st.Lock})
		}
		out = append(out, f)
	}
	return out
}

// Review lints the files in release order, each against the schema the
// files before it build, from memory: the review `release create` made,
// redone from a stored release's content wherever its risk is needed.
func Review(cfg *config.Config, files []*migration.Migration) ([]engine.Finding, error) {
	l, err := engine.NewLinter(cfg, engine.Overrides{Runner: knowledge.RunnerSQLReview})
	if err != nil {
		return nil, err
	}
	cat := catalog.New()
	var out []engine.Finding
	for _, m := range files {
		out = append(out, l.Lint(m.File, cat, m.Path)...)
	}
	return out, nil
}

// Assess is the release's risk in each environment of envs, from its own
// (verified) content: parsed once, reviewed once per distinct review
// policy (an environment's findings are those its policy reports,
// environments[].rules), assessed per environment.
func (rel *Release) Assess(cfg *config.Config, envs map[string]EnvContext) (map[string]risk.Assessment, error) {
	files, err := migration.LoadFiles(rel.SourceFiles(), cfg.Postgres.Version)
	if err != nil {
		return nil, err
	}
	return AssessFiles(cfg, files, envs)
}

// AssessFiles is Assess for a release's files parsed already (a rollout
// parses them once for every target).
func AssessFiles(cfg *config.Config, files []*migration.Migration, envs map[string]EnvContext) (map[string]risk.Assessment, error) {
	byPolicy := map[string][]engine.Finding{}
	out := make(map[string]risk.Assessment, len(envs))
	for env, ec := range envs {
		findings, err := reviewFor(cfg, env, files, byPolicy)
		if err != nil {
			return nil, err
		}
		out[env] = AssessEnv(cfg, files, findings, env, ec)
	}
	return out, nil
}

// reviewFor is the review of files under env's policy (environments[].rules
// on top of cfg's rules), reused from byPolicy when an environment with the
// same policy was reviewed already (byPolicy may be nil).
func reviewFor(cfg *config.Config, env string, files []*migration.Migration, byPolicy map[string][]engine.Finding) ([]engine.Finding, error) {
	policy, err := cfg.ForEnvironment(env)
	if err != nil {
		return nil, err
	}
	if findings, ok := byPolicy[policy.PolicyKey()]; ok {
		return findings, nil
	}
	findings, err := Review(policy, files)
	if err != nil {
		return nil, err
	}
	if byPolicy != nil {
		byPolicy[policy.PolicyKey()] = findings
	}
	return findings, nil
}
