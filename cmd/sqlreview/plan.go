package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/plan"
	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/runner"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/risk"
)

type planStmtJSON struct {
	Index              int    `json:"index"`
	Line               int    `json:"line"`
	Lock               string `json:"lock,omitempty"`
	OutsideTransaction string `json:"outsideTransaction,omitempty"`
	SQL                string `json:"sql"`
}

type planFileJSON struct {
	Version    string         `json:"version"`
	Name       string         `json:"name"`
	Kind       string         `json:"kind,omitempty"`
	Checksum   string         `json:"checksum"`
	TxMode     string         `json:"txmode"`
	TxReason   string         `json:"txmodeReason"`
	ResumeAt   int            `json:"resumeAt,omitempty"`
	Statements []planStmtJSON `json:"statements"`
}

type findingJSON struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// planRoutedJSON is a file whose name routes it to another database.
type planRoutedJSON struct {
	Name     string `json:"name"`
	Database string `json:"database"`
	Kind     string `json:"kind,omitempty"`
}

type planJSON struct {
	Target   string           `json:"target"`
	Database string           `json:"database"`
	Routed   []planRoutedJSON `json:"routedElsewhere"`
	Pending  []planFileJSON   `json:"pending"`
	Applied  int              `json:"applied"`
	Warnings []string         `json:"warnings"`
	Reviewed bool             `json:"reviewed"`
	Blocked  bool             `json:"blocked"`
	Findings []findingJSON    `json:"findings"`
	// Risk is the risk of the pending files (with a config that has
	// environments or risk rules).
	Risk *risk.EnvAssessment `json:"risk,omitempty"`
}

// cmdPlan shows what apply would do. It reads the history without taking
// the lock and writes nothing; exit 1 when the review would stop the apply.
func cmdPlan(args []string, stdout, stderr io.Writer) (int, error) {
	var a dbArgs
	fs := newFlagSet("plan", stderr)
	fs.BoolVar(&a.noReview, "no-review", false, "skip the review of the pending files")
	if err := parseDB("plan", args, &a, fs, 1); err != nil {
		return exitError, err
	}
	a.routes = true
	return runTargets(context.Background(), "plan", &a, stdout, stderr, func(ctx context.Context, r *runner.Runner, out io.Writer) (any, int, error) {
		return planTarget(ctx, r, &a, out, stderr)
	})
}

// planRisk is the risk of the plan's pending files in a.env (with its
// findings), or nil when the config has no environment and no risk rule.
func planRisk(ctx context.Context, r *runner.Runner, a *dbArgs, p *plan.Plan) *risk.EnvAssessment {
	cfg, err := loadDBConfig(a)
	if err != nil || (len(cfg.Environments) == 0 && len(cfg.Risk.Rules) == 0) {
		return nil
	}
	ec := release.EnvContext{Targets: 1}
	if i, err := targets.FindEnv(cfg, a.env); err == nil {
		ec.Targets = len(cfg.Environments[i].Targets)
	}
	var files []*migration.Migration
	for _, pf := range p.Pending {
		m := *pf.Migration
		// Named as findings name them: relative to the config.
		if rel, err := filepath.Rel(cfg.Dir, m.Path); err == nil && cfg.Dir != "" && !strings.HasPrefix(rel, "..") {
			m.Path = filepath.ToSlash(rel)
		}
		files = append(files, &m)
		ec.NewFiles = append(ec.NewFiles, pf.Name)
	}
	if risk.NeedsTableRows(risk.Rules(cfg)) {
		// Unknown sizes leave the table-rows-over rules unmatched.
		ec.TableRows, _ = r.TableRows(ctx, risk.ExistingTables(release.RiskFiles(files)))
	}
	return &risk.EnvAssessment{Env: a.env, Assessment: release.AssessEnv(cfg, files, p.Findings, a.env, ec)}
}

// planTarget shows what apply would do on one database.
func planTarget(ctx context.Context, r *runner.Runner, a *dbArgs, stdout, stderr io.Writer) (any, int, error) {
	format := a.format
	p, err := r.Plan(ctx)
	if err != nil {
		return nil, exitFindings, err
	}
	assessed := planRisk(ctx, r, a, p)
	code := exitOK
	if p.Blocked {
		code = exitFindings
	}
	if format == "json" {
		out := planJSON{Target: p.Target, Database: p.Database, Applied: p.Applied, Warnings: p.Warnings, Reviewed: p.Reviewed, Blocked: p.Blocked,
			Pending: []planFileJSON{}, Findings: []findingJSON{}, Routed: []planRoutedJSON{}, Risk: assessed}
		for _, a := range p.Routed {
			out.Routed = append(out.Routed, planRoutedJSON{Name: a.Name, Database: a.Database, Kind: a.Kind})
		}
		if out.Warnings == nil {
			out.Warnings = []string{}
		}
		for _, pf := range p.Pending {
			f := planFileJSON{Version: pf.Version.Raw, Name: pf.Name, Kind: pf.Version.Kind, Checksum: pf.Checksum, TxMode: pf.TxMode,
				TxReason: pf.TxReason, ResumeAt: pf.ResumeAt, Statements: []planStmtJSON{}}
			for _, s := range pf.Statements {
				if s.Wrapper {
					continue
				}
				f.Statements = append(f.Statements, planStmtJSON{Index: s.Index, Line: s.Line, Lock: s.Lock, OutsideTransaction: s.Outside, SQL: s.SQL})
			}
			out.Pending = append(out.Pending, f)
		}
		for _, f := range p.Findings {
			if f.Suppressed {
				continue
			}
			out.Findings = append(out.Findings, findingJSON{Path: f.Path, Line: f.Start.Line, Column: f.Start.Column,
				Rule: f.Rule.Name, Severity: f.Severity.String(), Message: f.Message})
		}
		return out, code, nil
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(stderr, "sqlreview: warning: %s\n", oneLine(w))
	}
	fmt.Fprintf(stdout, "%s: %d pending, %d applied\n", p.Target, len(p.Pending), p.Applied)
	if assessed != nil && assessed.Level > risk.Low {
		fmt.Fprintf(stdout, "risk: %s\n", report.Escape(assessed.Text()))
	}
	for _, pf := range p.Pending {
		resume := ""
		if pf.ResumeAt > 0 {
			resume = fmt.Sprintf(", resumes at statement %d", pf.ResumeAt+1)
		}
		kind := ""
		if pf.Version.Kind != "" {
			kind = "  kind " + pf.Version.Kind
		}
		fmt.Fprintf(stdout, "\n%s  %s%s  txmode %s (%s)%s\n", report.Escape(pf.Version.Raw), report.Escape(pf.Name), kind, pf.TxMode, pf.TxReason, resume)
		for _, s := range pf.Statements {
			if s.Wrapper {
				continue
			}
			lock := s.Lock
			if lock == "" {
				lock = "-"
			}
			extra := ""
			if s.Outside != "" {
				extra = "  (outside a transaction)"
			}
			fmt.Fprintf(stdout, "  line %-5d %-24s %s%s\n", s.Line, lock, report.Escape(migration.Summary(s.SQL, 80)), extra)
		}
	}
	writeRouted(stdout, p)
	if !p.Reviewed {
		fmt.Fprintln(stdout, "\nreview: SKIPPED (--no-review)")
	} else if len(p.Findings) > 0 {
		fmt.Fprintln(stdout)
		writeFindings(stdout, p)
	}
	return nil, code, nil
}

// writeRouted lists the files whose names route them to another database
// than the target's: apply skips them here, and they are not missing.
func writeRouted(w io.Writer, p *plan.Plan) {
	if len(p.Routed) == 0 {
		return
	}
	fmt.Fprintf(w, "\nrouted elsewhere (this database is %s):\n", report.Escape(p.Database))
	for _, a := range p.Routed {
		fmt.Fprintf(w, "  %s  -> database %s\n", report.Escape(a.Name), report.Escape(a.Database))
	}
}
