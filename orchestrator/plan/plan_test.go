package plan

import (
	"errors"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
)

func mig(t *testing.T, name, sql string) *migration.Migration {
	t.Helper()
	m, err := migration.Load("/m/"+name, []byte(sql), 15)
	if err != nil {
		t.Fatalf("Load %s: %v", name, err)
	}
	return m
}

func TestBuildPlan(t *testing.T) {
	a := mig(t, "001_a.sql", "CREATE TABLE a (id int);")
	b := mig(t, "002_b.sql", "CREATE TABLE b (id int);")
	c := mig(t, "003_c.sql", "-- sqlreview:txmode none\nCREATE TABLE c (id int);\nCREATE INDEX CONCURRENTLY c_i ON c (id);")
	applied := func(m *migration.Migration) history.Row {
		return history.Row{Version: m.Key, Name: m.Name, Checksum: m.Checksum, Status: history.StatusApplied, TxMode: m.TxMode, StatementHashes: m.Hashes()}
	}
	// Fresh: all pending.
	p, err := Build([]*migration.Migration{a, b, c}, nil, false)
	if err != nil || len(p.Pending) != 3 || p.Applied != 0 {
		t.Fatalf("fresh plan: %+v %v", p, err)
	}
	// Interrupted statement-by-statement file resumes.
	running := history.Row{Version: c.Key, Name: c.Name, Checksum: c.Checksum, Status: history.StatusRunning, TxMode: migration.TxNone, StatementsApplied: 1}
	p, err = Build([]*migration.Migration{a, b, c}, []history.Row{applied(a), applied(b), running}, false)
	if err != nil || len(p.Pending) != 1 || p.Pending[0].ResumeAt != 1 || p.Applied != 2 {
		t.Fatalf("resume plan: %+v %v", p, err)
	}
	// Edited applied file.
	edited := applied(a)
	edited.Checksum = "0000"
	_, err = Build([]*migration.Migration{a, b}, []history.Row{edited}, false)
	if !errors.Is(err, ErrChecksum) || !strings.Contains(err.Error(), "/m/001_a.sql") || !strings.Contains(err.Error(), "0000") ||
		!strings.Contains(err.Error(), a.Checksum) || !strings.Contains(err.Error(), "sqlreview repair --version 001") {
		t.Fatalf("edited file: %v", err)
	}
	// Out of order.
	_, err = Build([]*migration.Migration{a, b, c}, []history.Row{applied(a), applied(c)}, false)
	if !errors.Is(err, ErrOutOfOrder) || !strings.Contains(err.Error(), "002_b.sql") {
		t.Fatalf("out of order: %v", err)
	}
	p, err = Build([]*migration.Migration{a, b, c}, []history.Row{applied(a), applied(c)}, true)
	if err != nil || len(p.Pending) != 1 || p.Pending[0].Key != b.Key {
		t.Fatalf("out of order allowed: %+v %v", p, err)
	}
	// Baseline covers versions up to it.
	p, err = Build([]*migration.Migration{a, b, c}, []history.Row{{Version: "2", Status: history.StatusBaseline}}, false)
	if err != nil || len(p.Pending) != 1 || p.Pending[0].Key != "3" || p.Applied != 2 {
		t.Fatalf("baseline plan: %+v %v", p, err)
	}
	// Applied version without a local file: warning only.
	p, err = Build([]*migration.Migration{b}, []history.Row{applied(a), applied(b)}, false)
	if err != nil || len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "version 1 (001_a.sql)") {
		t.Fatalf("missing local: %+v %v", p, err)
	}
}
