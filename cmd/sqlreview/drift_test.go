package main

import (
	"encoding/json"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
)

const driftEmployee = "CREATE TABLE employee (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);\n"

// driftEnv is a two-target prod environment with one migration applied
// to both and a column added by hand to p1 afterwards; it returns the
// directory and the two targets as printed.
func driftEnv(t *testing.T, extraConfig string) (dir, url1, l1, l2 string) {
	t.Helper()
	dir = writeFiles(t, map[string]string{
		".sqlreview.yaml": "migrations: {dir: migrations" + extraConfig + "}\nenvironments:\n  - name: prod\n    max-failures: 1\n" +
			"    targets: [{name: p1, url: \"${P1_URL}\"}, {name: p2, url: \"${P2_URL}\"}]\n",
		"migrations/001_employee.sql": driftEmployee,
	})
	url1, url2 := pgtest.NewDB(t), pgtest.NewDB(t)
	t.Setenv("P1_URL", url1)
	t.Setenv("P2_URL", url2)
	t.Setenv("SQLREVIEW_DATABASE_URL", "")
	if code, out, errOut := runCLI(t, dir, "", "apply", "--env", "prod"); code != 0 {
		t.Fatalf("first apply: exit %d\n%s%s", code, out, errOut)
	}
	execSQL(t, url1, "ALTER TABLE employee ADD COLUMN city text")
	if err := os.WriteFile(filepath.Join(dir, "migrations/002_dept.sql"), []byte("CREATE TABLE dept (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, url1, redact.URL(url1), redact.URL(url2)
}

const cityDiff = "~ CREATE TABLE public.employee (\n  + city text\n"

func driftRefusal(target string) string {
	return target + ": schema drift: the schema changed outside sqlreview since the last apply (1 changed); nothing was applied: " +
		"undo the change, or accept it as the new snapshot with `sqlreview drift accept --reason TEXT`"
}

// TestDriftRefusedUntilAccepted: a column added by hand to one target
// stops apply and rollout there (the difference shown, nothing applied),
// the other target proceeds; `drift accept` records who and why, and the
// rollout then applies; the snapshot afterwards holds both the accepted
// column and the migration's table.
func TestDriftRefusedUntilAccepted(t *testing.T) {
	dir, url1, l1, l2 := driftEnv(t, "")
	run := func(wantCode int, args ...string) (string, string) {
		t.Helper()
		code, stdout, stderr := runCLI(t, dir, "", args...)
		if code != wantCode {
			t.Fatalf("%v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", args, code, wantCode, stdout, stderr)
		}
		return stdout, stderr
	}
	versions := func(target string) string {
		t.Helper()
		out, _ := run(0, "history", "--env", "prod", "--target", target, "--format", "json")
		var h struct {
			History []struct{ Version, Status string }
		}
		if err := json.Unmarshal([]byte(out), &h); err != nil {
			t.Fatalf("history: %v\n%s", err, out)
		}
		var vs []string
		for _, r := range h.History {
			vs = append(vs, r.Version+" "+r.Status)
		}
		return strings.Join(vs, ", ")
	}

	// drift --env lists every target; one drifted target makes exit 1.
	out, _ := run(1, "drift", "--env", "prod")
	if want := "==> p1 <==\n" + l1 + ": the schema changed outside sqlreview since the last apply:\n" + cityDiff +
		"\n==> p2 <==\n" + l2 + ": no drift since the last apply\n"; out != want {
		t.Errorf("drift --env prod:\n%s\nwant:\n%s", out, want)
	}
	out, _ = run(1, "drift", "--env", "prod", "--format", "json")
	var drift map[string]struct {
		Drift          bool
		Removed, Added []string
	}
	if err := json.Unmarshal([]byte(out), &drift); err != nil || len(drift) != 2 || !drift["p1"].Drift || drift["p2"].Drift ||
		len(drift["p1"].Removed) != 1 || len(drift["p1"].Added) != 1 || !strings.Contains(drift["p1"].Added[0], "city text") {
		t.Errorf("drift --env prod --format json: %v\n%s", err, out)
	}

	out, errOut := run(1, "apply", "--env", "prod", "--target", "p1")
	if out != l1+": the schema changed outside sqlreview since the last apply:\n"+cityDiff ||
		errOut != "sqlreview: target p1: "+driftRefusal(l1)+"\n" {
		t.Errorf("apply to the drifted target:\nstdout:\n%s\nstderr:\n%s", out, errOut)
	}
	if got := versions("p1"); got != "1 applied" {
		t.Errorf("history of p1 after the refused apply = %q", got)
	}
	out, _ = run(1, "apply", "--env", "prod", "--target", "p1", "--format", "json")
	var aj map[string]struct {
		Applied []string
		Error   string
		Drift   []string
	}
	if err := json.Unmarshal([]byte(out), &aj); err != nil || len(aj["p1"].Applied) != 0 || aj["p1"].Error != driftRefusal(l1) ||
		strings.Join(aj["p1"].Drift, "\n")+"\n" != cityDiff {
		t.Errorf("apply --format json to the drifted target: %v\n%s", err, out)
	}
	// With --database-url the refusal is the same line, without the target name.
	code, out, errOut := runCLI(t, dir, "", "apply", "--database-url", url1)
	if code != 1 || !strings.HasSuffix(out, cityDiff) || errOut != "sqlreview: "+driftRefusal(l1)+"\n" {
		t.Errorf("apply --database-url: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}

	out, _ = run(0, "release", "create", "--format", "json")
	var rel struct{ ID string }
	if err := json.Unmarshal([]byte(out), &rel); err != nil || rel.ID == "" {
		t.Fatalf("release create: %v\n%s", err, out)
	}
	out, errOut = run(1, "rollout", "--release", rel.ID, "--env", "prod")
	if !strings.Contains(out, "prod/p1: failed (0 applied, ") || !strings.Contains(out, "): "+driftRefusal(l1)+"\n"+cityDiff) ||
		!strings.Contains(out, "prod/p2: succeeded (1 applied, ") {
		t.Errorf("rollout with a drifted target:\nstdout:\n%s\nstderr:\n%s", out, errOut)
	}
	if got := versions("p1"); got != "1 applied" {
		t.Errorf("history of p1 after the refused rollout = %q", got)
	}
	if got := versions("p2"); got != "1 applied, 2 applied" {
		t.Errorf("history of p2 after the rollout = %q", got)
	}

	// The reason is required: a usage error before any database is opened.
	if code, out, errOut := runCLI(t, dir, "", "drift", "accept", "--env", "prod"); code != 2 || out != "" ||
		errOut != "sqlreview: drift accept: --reason TEXT is required: why the schema changed outside sqlreview (e.g. --reason \"hotfix INC-42\")\n" {
		t.Errorf("drift accept without --reason: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	out, _ = run(0, "drift", "accept", "--env", "prod", "--reason", "hotfix INC-42")
	want := "==> p1 <==\n" + l1 + ": accepted the drift (1 changed) as the new snapshot: hotfix INC-42\n" + cityDiff +
		"\n==> p2 <==\n" + l2 + ": no drift to accept; nothing recorded\n"
	if out != want {
		t.Errorf("drift accept:\n%s\nwant:\n%s", out, want)
	}

	out, _ = run(0, "rollout", "--release", rel.ID, "--env", "prod")
	if !strings.Contains(out, "prod/p1: succeeded (1 applied, ") {
		t.Errorf("rollout after drift accept:\n%s", out)
	}
	if got := versions("p1"); got != "1 applied, 2 applied" {
		t.Errorf("history of p1 after the accepted rollout = %q", got)
	}

	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	out, _ = run(0, "history", "--env", "prod", "--target", "p1", "--events")
	var accepted string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, " drift-accepted ") {
			accepted = l
		}
	}
	if !strings.Contains(accepted, " "+me.Username+"@") || !strings.Contains(accepted, `"reason": "hotfix INC-42"`) ||
		!strings.Contains(accepted, `"summary": "1 changed"`) || !strings.Contains(accepted, `"diff": ["~ CREATE TABLE public.employee (", "  + city text"]`) {
		t.Errorf("history --events lacks the accepted drift with who and why:\n%s", out)
	}

	// status shows the newest accepted drift of each target, from the
	// state store.
	out, _ = run(0, "status", "--release", rel.ID)
	var p1 string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "  p1 ") {
			p1 = l
		}
	}
	if !strings.HasPrefix(p1, "  p1                       succeeded  (drift accepted ") || !strings.HasSuffix(p1, " by "+me.Username+": hotfix INC-42 (1 changed))") ||
		strings.Contains(out, "  p2                       succeeded  (") {
		t.Errorf("status after the accepted drift:\n%s", out)
	}
	out, _ = run(0, "status", "--release", rel.ID, "--format", "json")
	var status struct {
		Environments []struct {
			Targets []struct {
				Name          string
				DriftAccepted *struct{ By, Detail string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &status); err != nil || len(status.Environments) != 1 || len(status.Environments[0].Targets) != 2 ||
		status.Environments[0].Targets[0].DriftAccepted == nil || *status.Environments[0].Targets[0].DriftAccepted != (struct{ By, Detail string }{me.Username, "hotfix INC-42 (1 changed)"}) ||
		status.Environments[0].Targets[1].DriftAccepted != nil {
		t.Errorf("status --format json after the accepted drift: %v\n%s", err, out)
	}

	out, _ = run(0, "drift", "--env", "prod")
	if out != "==> p1 <==\n"+l1+": no drift since the last apply\n\n==> p2 <==\n"+l2+": no drift since the last apply\n" {
		t.Errorf("drift after accept and rollout:\n%s", out)
	}
	// The snapshot is the live schema: it holds city and the new table,
	// so dropping either is drift.
	execSQL(t, url1, "ALTER TABLE employee DROP COLUMN city; DROP TABLE dept")
	out, _ = run(1, "drift", "--env", "prod", "--target", "p1")
	if !strings.Contains(out, "~ CREATE TABLE public.employee (\n  - city text\n") || !strings.Contains(out, "- CREATE TABLE public.dept (") {
		t.Errorf("drift after dropping the accepted column and the migrated table:\n%s", out)
	}
}

// TestDriftWarn: with migrations.drift: warn the apply proceeds with a
// warning and a drift-detected event, keeps the old snapshot, and drift
// still reports the column added by hand (with the applied table, named
// as applied since the snapshot) until it is accepted.
func TestDriftWarn(t *testing.T) {
	dir, _, l1, _ := driftEnv(t, ", drift: warn")
	code, out, errOut := runCLI(t, dir, "", "apply", "--env", "prod", "--target", "p1")
	wantWarn := "sqlreview: warning: " + l1 + ": the schema changed outside sqlreview since the last apply (1 changed); applying anyway (migrations.drift: warn); " +
		"the snapshot is kept until `sqlreview drift accept`:\n" + cityDiff
	if code != 0 || !strings.HasSuffix(out, l1+": 1 applied by this run\n") || !strings.HasPrefix(errOut, wantWarn) {
		t.Errorf("apply under drift: warn: exit %d\nstdout:\n%s\nstderr:\n%s\nwant stderr to start with:\n%s", code, out, errOut, wantWarn)
	}
	code, out, _ = runCLI(t, dir, "", "history", "--env", "prod", "--target", "p1", "--events")
	if code != 0 || !strings.Contains(out, " drift-detected ") || !strings.Contains(out, `"summary": "1 changed"`) {
		t.Errorf("history --events after the warned apply: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, dir, "", "drift", "--env", "prod", "--target", "p1")
	want := l1 + ": the schema changed outside sqlreview since the last apply:\n" + cityDiff + "+ CREATE TABLE public.dept (\n"
	if code != 1 || !strings.HasPrefix(out, want) || !strings.Contains(out, "\n+ ALTER TABLE public.dept\n      ADD CONSTRAINT dept_pkey PRIMARY KEY (id);\n") ||
		!strings.HasSuffix(out, "note: the snapshot predates version(s) 2, applied to the drifted schema under migrations.drift: warn; their changes are part of the difference until `sqlreview drift accept`\n") {
		t.Errorf("drift after the warned apply: exit %d\n%s", code, out)
	}
	if code, out, errOut = runCLI(t, dir, "", "drift", "accept", "--env", "prod", "--target", "p1", "--reason", "hotfix INC-42"); code != 0 {
		t.Fatalf("drift accept: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ = runCLI(t, dir, "", "drift", "--env", "prod", "--target", "p1"); code != 0 || out != l1+": no drift since the last apply\n" {
		t.Errorf("drift after accept: exit %d\n%s", code, out)
	}
}

// TestDriftConfigInvalid: a value of migrations.drift other than refuse
// or warn is a config error naming the file and line.
func TestDriftConfigInvalid(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".sqlreview.yaml":             "migrations:\n  dir: migrations\n  drift: ignore\n",
		"migrations/001_employee.sql": driftEmployee,
	})
	code, out, errOut := runCLI(t, dir, "", "apply", "--database-url", "postgres://u@127.0.0.1:1/d")
	if code != 2 || out != "" || !strings.HasSuffix(errOut, ".sqlreview.yaml:3: migrations.drift: expected one of refuse, warn, got \"ignore\"\n") {
		t.Errorf("apply with drift: ignore: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}
