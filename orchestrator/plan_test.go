package orchestrator

import (
	"errors"
	"strings"
	"testing"
)

func mig(t *testing.T, name, sql string) *Migration {
	t.Helper()
	m, err := Load("/m/"+name, []byte(sql), 15)
	if err != nil {
		t.Fatalf("Load %s: %v", name, err)
	}
	return m
}

func TestChecksumNormalizesLineEndings(t *testing.T) {
	if Checksum([]byte("a;\r\nb;\r\n")) != Checksum([]byte("a;\nb;\n")) {
		t.Fatal("CRLF and LF checksums differ")
	}
	if Checksum([]byte("a;")) == Checksum([]byte("b;")) {
		t.Fatal("different content, same checksum")
	}
}

func TestClassifyTxMode(t *testing.T) {
	cases := []struct {
		name, sql, mode, errPart string
	}{
		{"001_plain.sql", "CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN b int;", TxFile, ""},
		{"002_cic.sql", "SET lock_timeout = '1s';\nCREATE INDEX CONCURRENTLY a_b ON a (b);", TxNone, ""},
		{"003_mixed.sql", "CREATE TABLE c (id int);\nCREATE INDEX CONCURRENTLY c_id ON c (id);", "", "003_mixed.sql:2: CREATE INDEX CONCURRENTLY cannot run inside a transaction, but line 1"},
		{"004_mixed_directive.sql", "-- sqlreview:txmode none\nCREATE TABLE c (id int);\nCREATE INDEX CONCURRENTLY c_id ON c (id);", TxNone, ""},
		{"005_wrapped.sql", "BEGIN;\nCREATE TABLE d (id int);\nCOMMIT;", TxFile, ""},
		{"006_own_tx.sql", "CREATE TABLE e (id int);\nBEGIN;\nINSERT INTO e VALUES (1);\nCOMMIT;", TxNone, ""},
		{"007_force_file.sql", "-- sqlreview:txmode file\nVACUUM a;", "", "`sqlreview:txmode file`, but VACUUM cannot run inside a transaction"},
		{"008_bad_directive.sql", "-- sqlreview:txmode maybe\nSELECT 1;", "", "use `-- sqlreview:txmode none`"},
		{"009_syntax.sql", "CREATE TABLE (;", "", "009_syntax.sql:1:14: syntax error at or near \"(\"; fix it (`sqlreview check /m/009_syntax.sql` shows it)"},
		{"010_timeouts.sql", "-- sqlreview:lock-timeout 10s\n-- sqlreview:statement-timeout 5min\nSELECT 1;", TxFile, ""},
	}
	for _, c := range cases {
		m, err := Load("/m/"+c.name, []byte(c.sql), 15)
		if c.errPart != "" {
			if err == nil || !strings.Contains(err.Error(), c.errPart) {
				t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.errPart)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if m.TxMode != c.mode {
			t.Errorf("%s: txmode %s (%s), want %s", c.name, m.TxMode, m.TxReason, c.mode)
		}
	}
	m := mig(t, "005_wrapped.sql", "BEGIN;\nCREATE TABLE d (id int);\nCOMMIT;")
	if !m.Statements[0].Wrapper || m.Statements[1].Wrapper || !m.Statements[2].Wrapper {
		t.Errorf("wrapper flags wrong: %+v", m.Statements)
	}
	m = mig(t, "010_timeouts.sql", "-- sqlreview:lock-timeout 10s\n-- sqlreview:statement-timeout 5min\nSELECT 1;")
	if m.LockTimeout != "10s" || m.StatementTimeout != "5min" {
		t.Errorf("timeouts %q %q", m.LockTimeout, m.StatementTimeout)
	}
}

func TestLockLevel(t *testing.T) {
	cases := map[string]string{
		"ALTER TABLE a ADD COLUMN b int":                                  LockAccessExclusive,
		"ALTER TABLE a VALIDATE CONSTRAINT c":                             LockShareUpdateExclusive,
		"ALTER TABLE a ADD CONSTRAINT f FOREIGN KEY (x) REFERENCES b (y)": LockShareRowExclusive,
		"CREATE INDEX i ON a (b)":                                         LockShare,
		"CREATE INDEX CONCURRENTLY i ON a (b)":                            LockShareUpdateExclusive,
		"UPDATE a SET b = 1":                                              LockRowExclusive,
		"CREATE TABLE n (id int)":                                         LockNone,
	}
	for sql, want := range cases {
		m := mig(t, "001_x.sql", sql+";")
		if got := m.Statements[0].Lock; got != want {
			t.Errorf("%s: lock %q, want %q", sql, got, want)
		}
	}
}

func TestBuildPlan(t *testing.T) {
	a := mig(t, "001_a.sql", "CREATE TABLE a (id int);")
	b := mig(t, "002_b.sql", "CREATE TABLE b (id int);")
	c := mig(t, "003_c.sql", "-- sqlreview:txmode none\nCREATE TABLE c (id int);\nCREATE INDEX CONCURRENTLY c_i ON c (id);")
	applied := func(m *Migration) Row {
		return Row{Version: m.Key, Name: m.Name, Checksum: m.Checksum, Status: StatusApplied, TxMode: m.TxMode, StatementHashes: m.Hashes()}
	}
	// Fresh: all pending.
	p, err := buildPlan([]*Migration{a, b, c}, nil, false)
	if err != nil || len(p.Pending) != 3 || p.Applied != 0 {
		t.Fatalf("fresh plan: %+v %v", p, err)
	}
	// Interrupted statement-by-statement file resumes.
	running := Row{Version: c.Key, Name: c.Name, Checksum: c.Checksum, Status: StatusRunning, TxMode: TxNone, StatementsApplied: 1}
	p, err = buildPlan([]*Migration{a, b, c}, []Row{applied(a), applied(b), running}, false)
	if err != nil || len(p.Pending) != 1 || p.Pending[0].ResumeAt != 1 || p.Applied != 2 {
		t.Fatalf("resume plan: %+v %v", p, err)
	}
	// Edited applied file.
	edited := applied(a)
	edited.Checksum = "0000"
	_, err = buildPlan([]*Migration{a, b}, []Row{edited}, false)
	if !errors.Is(err, ErrChecksum) || !strings.Contains(err.Error(), "/m/001_a.sql") || !strings.Contains(err.Error(), "0000") ||
		!strings.Contains(err.Error(), a.Checksum) || !strings.Contains(err.Error(), "sqlreview repair --version 001") {
		t.Fatalf("edited file: %v", err)
	}
	// Out of order.
	_, err = buildPlan([]*Migration{a, b, c}, []Row{applied(a), applied(c)}, false)
	if !errors.Is(err, ErrOutOfOrder) || !strings.Contains(err.Error(), "002_b.sql") {
		t.Fatalf("out of order: %v", err)
	}
	p, err = buildPlan([]*Migration{a, b, c}, []Row{applied(a), applied(c)}, true)
	if err != nil || len(p.Pending) != 1 || p.Pending[0].Key != b.Key {
		t.Fatalf("out of order allowed: %+v %v", p, err)
	}
	// Baseline covers versions up to it.
	p, err = buildPlan([]*Migration{a, b, c}, []Row{{Version: "2", Status: StatusBaseline}}, false)
	if err != nil || len(p.Pending) != 1 || p.Pending[0].Key != "3" || p.Applied != 2 {
		t.Fatalf("baseline plan: %+v %v", p, err)
	}
	// Applied version without a local file: warning only.
	p, err = buildPlan([]*Migration{b}, []Row{applied(a), applied(b)}, false)
	if err != nil || len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "version 1 (001_a.sql)") {
		t.Fatalf("missing local: %+v %v", p, err)
	}
}
