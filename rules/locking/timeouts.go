package locking

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// timeoutKey memoizes, per file and rule (each rule checks one setting),
// where the setting is first given a limit and whether the rule already
// reported. Pointer-shaped: the lookup runs on every statement, and
// boxing a pointer allocates nothing.
type timeoutKey *rules.Rule

type timeoutState struct {
	setAt    int // index of the first statement setting a non-zero limit, or -1
	reported bool
}

// requireTimeout reports the first statement of the file that takes a
// blocking lock on an existing relation before any SET of setting to a
// non-zero value; later ones share the same cause and fix.
func requireTimeout(p *rules.Pass, setting, why string) {
	st := p.FileMemo(timeoutKey(p.Rule), func() any {
		s := &timeoutState{setAt: -1}
		for i, stmt := range p.File.Statements {
			if setsLimit(stmt.Node, setting) {
				s.setAt = i
				break
			}
		}
		return s
	}).(*timeoutState)
	if st.reported || (st.setAt >= 0 && st.setAt < p.Stmt.Index) {
		return
	}
	locks := blockingLocks(p)
	if len(locks) == 0 {
		return
	}
	st.reported = true
	start, end := stmtHead(p)
	value := p.String("value")
	d := rules.Diagnostic{
		Start: start, End: end,
		Message: fmt.Sprintf("this statement takes %s on %s with no %s set earlier in the file; %s — add SET %s = '%s' before it",
			locks[0].level, locks[0].name(), setting, why, setting, value),
	}
	if value != "" {
		d.Fix = &rules.Fix{
			Title: fmt.Sprintf("Set %s before the first locking statement", setting),
			Edits: []rules.Edit{{Start: p.Stmt.Start, End: p.Stmt.Start, NewText: fmt.Sprintf("SET %s = '%s';\n", setting, value)}},
		}
	}
	p.Report(d)
}

// setsLimit reports whether n is SET [LOCAL|SESSION] setting = v with v not
// zero, or SELECT set_config('setting', v, ...).
func setsLimit(n *pg_query.Node, setting string) bool {
	if vs := n.GetVariableSetStmt(); vs != nil {
		if !strings.EqualFold(vs.GetName(), setting) || vs.GetKind() != pg_query.VariableSetKind_VAR_SET_VALUE || len(vs.GetArgs()) != 1 {
			return false
		}
		c := vs.GetArgs()[0].GetAConst()
		if c.GetIval() != nil {
			return c.GetIval().GetIval() != 0
		}
		if c.GetSval() != nil {
			v := strings.TrimSpace(c.GetSval().GetSval())
			return v != "" && v != "0" && !strings.HasPrefix(v, "0 ") && !strings.HasPrefix(v, "0m") && !strings.HasPrefix(v, "0s")
		}
		return c != nil && !c.GetIsnull()
	}
	sel := n.GetSelectStmt()
	for _, t := range sel.GetTargetList() {
		fc := t.GetResTarget().GetVal().GetFuncCall()
		if fc == nil || len(fc.GetFuncname()) == 0 || len(fc.GetArgs()) == 0 {
			continue
		}
		name := fc.GetFuncname()[len(fc.GetFuncname())-1].GetString_().GetSval()
		if strings.EqualFold(name, "set_config") && strings.EqualFold(fc.GetArgs()[0].GetAConst().GetSval().GetSval(), setting) {
			return true
		}
	}
	return false
}
