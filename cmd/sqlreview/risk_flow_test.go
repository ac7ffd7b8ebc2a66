package main

// TestRiskDecidesTheGate walks the approval flows through the CLI against
// real PostgreSQL databases, with approvals signed by SSH keys the
// repository's allowed-signers file lists: a low-risk release (a new table)
// needs one approval in prod; a high-risk one (a DROP of an existing
// column) needs the owner, then the DBA; the author's own approval, an
// approval by someone outside the flow, one out of order and an unsigned
// one are refused with a message naming why, and nothing is recorded for
// them; an approval row written into the state store by hand does not
// count; approving twice, or approving an environment without a gate,
// changes nothing.

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/store"
)

const riskFlowConfig = `signing: {allowed-signers: .sqlreview/allowed_signers}
groups:
  owners: [olivia]
  dba: [dana]
environments:
  - name: test
    targets: [{name: db-test, url: "${RISK_TEST_URL}"}]
  - name: prod
    targets: [{name: db-prod, url: "${RISK_PROD_URL}"}]
    approval:
      high:
        - {name: owner, from: [group:owners]}
        - {name: dba, from: [group:dba]}
      default:
        - {from: [group:dba, group:owners]}
`

const riskDropLegacy = "-- sqlreview:ignore ban-drop-column -- unused since v2\nALTER TABLE users DROP COLUMN legacy;\n"

func TestRiskDecidesTheGate(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".sqlreview.yaml":          riskFlowConfig,
		"migrations/001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, legacy text);\n",
	})
	oliviaKey, danaKey := signingKey(t, dir, "olivia"), signingKey(t, dir, "dana")
	t.Setenv("SSH_AUTH_SOCK", "") // no agent: a statement is signed with --key or not at all
	testURL, prodURL := pgtest.NewDB(t), pgtest.NewDB(t)
	t.Setenv("RISK_TEST_URL", testURL)
	t.Setenv("RISK_PROD_URL", prodURL)
	t.Setenv("SQLREVIEW_DATABASE_URL", "")
	durations := regexp.MustCompile(`\(\d+ applied, [^)]*\)`)
	run := func(want int, args ...string) string {
		t.Helper()
		code, stdout, stderr := runCLI(t, dir, "", args...)
		if code != want {
			t.Fatalf("sqlreview %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, stdout, stderr)
		}
		return durations.ReplaceAllString(stdout+stderr, "(N applied)")
	}
	expect := func(what, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s:\n%s\nwant:\n%s", what, got, want)
		}
	}
	release := func() string {
		t.Helper()
		var rel struct{ ID string }
		out := run(0, "release", "create", "--author", "alice", "--format", "json")
		if err := json.Unmarshal([]byte(out), &rel); err != nil {
			t.Fatalf("release create: %v\n%s", err, out)
		}
		return rel.ID
	}

	// A low-risk release: one approval by anyone of the default flow.
	rel1 := release()
	run(0, "rollout", "--release", rel1, "--env", "test")
	expect("low-risk rollout before its approval", run(1, "rollout", "--release", rel1, "--env", "prod"),
		"sqlreview: approval required: environment prod needs approvals of release "+rel1+" (low risk); still missing: step 1 of 1: 1 approval from dana, olivia; "+
			"run `sqlreview approve --release "+rel1+" --env prod --by NAME --key KEY` for each, then rerun\n")
	expect("approve the low-risk release", run(0, "approve", "--release", rel1, "--env", "prod", "--by", "olivia", "--key", oliviaKey)[len("approved "+rel1+" for prod by olivia (digest 123456789abc, signed)\n"):],
		"prod: low risk; approval complete (step 1: olivia)\n")
	expect("low-risk rollout", run(0, "rollout", "--release", rel1, "--env", "prod"),
		"prod/db-prod: succeeded (N applied)\nprod: release "+rel1+" rolled out to all 1 targets\n")

	// A high-risk release: the owner, then the DBA.
	writeFile(t, dir, "migrations/002_drop_legacy.sql", riskDropLegacy)
	const why = "high risk: drop-existing-column (migrations/002_drop_legacy.sql:2)"
	if out := run(0, "check", "migrations/002_drop_legacy.sql"); !strings.HasSuffix(out,
		"Risk in test: high: drop-existing-column (migrations/002_drop_legacy.sql:2)\nRisk in prod: high: drop-existing-column (migrations/002_drop_legacy.sql:2)\n") {
		t.Errorf("check of the drop:\n%s", out)
	}
	out := run(0, "release", "create", "--author", "alice")
	rel2 := regexp.MustCompile(`^release created (\S+) `).FindStringSubmatch(out)[1]
	if !strings.HasSuffix(out, ")\n  test: "+why+"\n  prod: "+why+"\n") {
		t.Errorf("release create:\n%s", out)
	}
	run(0, "rollout", "--release", rel2, "--env", "test")
	if out := run(0, "plan", "--env", "prod"); !strings.Contains(out, ": 1 pending, 1 applied\nrisk: high: drop-existing-column (migrations/002_drop_legacy.sql:2)\n") {
		t.Errorf("plan --env prod:\n%s", out)
	}
	missingBoth := "still missing: step 1 of 2 (owner): 1 approval from olivia; then step 2 of 2 (dba): 1 approval from dana"
	expect("high-risk rollout without approvals", run(1, "rollout", "--release", rel2, "--env", "prod"),
		"sqlreview: approval required: environment prod needs approvals of release "+rel2+" (high risk); "+missingBoth+
			"; run `sqlreview approve --release "+rel2+" --env prod --by NAME --key KEY` for each, then rerun\n")
	expect("the author's approval", run(1, "approve", "--release", rel2, "--env", "prod", "--by", "alice"),
		"sqlreview: approve: alice created release "+rel2+" and cannot approve it for prod (an author's approval counts only where the flow sets author-can-approve: true)\n")
	expect("an approval from outside the flow", run(1, "approve", "--release", rel2, "--env", "prod", "--by", "mallory"),
		"sqlreview: approve: mallory is not in the approval flow of prod for a high-risk release (step 1 of 2 (owner): 1 from olivia; step 2 of 2 (dba): 1 from dana)\n")
	expect("the DBA before the owner", run(1, "approve", "--release", rel2, "--env", "prod", "--by", "dana"),
		"sqlreview: approve: dana cannot approve release "+rel2+" for prod yet: steps are approved in order, and step 1 of 2 (owner) still needs 1 approval from olivia\n")
	expect("approving an environment without a gate", run(0, "approve", "--release", rel2, "--env", "test", "--by", "olivia"),
		"environment test has no approval gate; nothing to approve, nothing recorded\n")
	expect("nothing was recorded by the refusals", approvers(t, dir, rel2), "")

	expect("an unsigned approval", run(2, "approve", "--release", rel2, "--env", "prod", "--by", "olivia"),
		"sqlreview: cannot sign as olivia: no SSH agent is running (SSH_AUTH_SOCK is not set); give --key with a key the allowed signers of release "+rel2+" list for olivia\n")
	if out := run(1, "approve", "--release", rel2, "--env", "prod", "--by", "olivia", "--key", danaKey); !strings.HasPrefix(out, "sqlreview: not recorded: approval by olivia is signed with key SHA256:") ||
		!strings.HasSuffix(out, ", which the allowed signers of release "+rel2+" (.sqlreview/allowed_signers) do not list for olivia; sign with a key listed there, or add this one, commit it and create a new release\n") {
		t.Errorf("approval with another's key:\n%s", out)
	}
	expect("nothing was recorded by the unsigned or mis-signed ones", approvers(t, dir, rel2), "")
	out = run(0, "approve", "--release", rel2, "--env", "prod", "--by", "olivia", "--key", oliviaKey)
	expect("the owner's approval", out[strings.Index(out, "\n")+1:], "prod: "+why+"; approval still missing: step 2 of 2 (dba): 1 approval from dana\n")
	expect("the owner approving again", run(0, "approve", "--release", rel2, "--env", "prod", "--by", "olivia", "--key", oliviaKey),
		"olivia has already approved release "+rel2+" for prod (step 1 of 2); nothing changed\nprod: approval still missing: step 2 of 2 (dba): 1 approval from dana\n")
	expect("approvals after the repeat", approvers(t, dir, rel2), "prod:olivia")
	status := run(0, "status", "--release", rel2)
	expect("status with the owner's approval", status[strings.Index(status, "\n")+1:],
		"test: succeeded (low risk)\n  db-test                  succeeded \n"+
			"prod: awaiting approval ("+why+")\n"+
			"  flow: step 1 of 2 (owner): 1 from olivia; step 2 of 2 (dba): 1 from dana\n"+
			"  approval: still missing: step 2 of 2 (dba): 1 approval from dana; approved so far: owner: olivia\n"+
			"  db-prod                  pending   \n")
	// The DBA's approval written into the shared store by hand, without a
	// signature: it does not count, and the rollout says why.
	forgeApproval(t, dir, rel2, "prod", "dana")
	expect("high-risk rollout with the owner's approval and a forged one", run(1, "rollout", "--release", rel2, "--env", "prod"),
		"sqlreview: warning: prod: approval by dana is not signed, and the config of release "+rel2+" accepts no unsigned ones (signing.unsigned is empty); "+
			"sign it: run `sqlreview approve --release "+rel2+" --env prod --by dana --key KEY`\n"+
			"sqlreview: approval required: environment prod needs approvals of release "+rel2+" (high risk); still missing: step 2 of 2 (dba): 1 approval from dana"+
			"; not counted: approval by dana is not signed, and the config of release "+rel2+" accepts no unsigned ones (signing.unsigned is empty); "+
			"sign it: run `sqlreview approve --release "+rel2+" --env prod --by dana --key KEY`"+
			"; run `sqlreview approve --release "+rel2+" --env prod --by NAME --key KEY` for each, then rerun\n")

	out = run(0, "approve", "--release", rel2, "--env", "prod", "--by", "dana", "--key", danaKey)
	expect("the DBA's approval", out[strings.Index(out, "\n")+1:], "prod: "+why+"; approval complete (owner: olivia; dba: dana)\n")
	expect("a third approval", run(0, "approve", "--release", rel2, "--env", "prod", "--by", "oscar"),
		"release "+rel2+" needs no more approvals for prod: complete (owner: olivia; dba: dana); nothing recorded\n")
	// dana's signed approval replaced the forged row.
	expect("high-risk rollout", run(0, "rollout", "--release", rel2, "--env", "prod"),
		"prod/db-prod: succeeded (N applied)\nprod: release "+rel2+" rolled out to all 1 targets\n")
	expect("prod's columns", columns(t, prodURL, "users"), "id")
}

// signingKey makes an SSH key for principal and lists it in dir's
// .sqlreview/allowed_signers (the file a release records); it returns the
// private key's path.
func signingKey(t *testing.T, dir, principal string) string {
	t.Helper()
	key := filepath.Join(t.TempDir(), principal)
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", principal, "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	pub, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	signers := filepath.Join(dir, ".sqlreview", "allowed_signers")
	if err := os.MkdirAll(filepath.Dir(signers), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(signers, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(append([]byte(principal+" "), pub...)); err != nil {
		t.Fatal(err)
	}
	return key
}

// forgeApproval writes an approval row into dir's state store directly, as
// someone with write access to the store could.
func forgeApproval(t *testing.T, dir, release, env, by string) {
	t.Helper()
	st, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rel, err := st.Release(context.Background(), release)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Approve(context.Background(), store.Approval{Release: release, Env: env, By: by, Digest: rel.Digest, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
}

// approvers lists the recorded approvals of a release as env:by.
func approvers(t *testing.T, dir, id string) string {
	t.Helper()
	out, _ := cli(t, dir, 0, "release", "show", id, "--format", "json")
	var rel struct{ Approvals []struct{ Env, By string } }
	if err := json.Unmarshal([]byte(out), &rel); err != nil {
		t.Fatalf("release show: %v\n%s", err, out)
	}
	var got []string
	for _, a := range rel.Approvals {
		got = append(got, a.Env+":"+a.By)
	}
	return strings.Join(got, ",")
}

// columns lists a table's columns in order, comma-separated.
func columns(t *testing.T, url, table string) string {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	rows, err := c.Query(context.Background(), `SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`, table)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(names, ",")
}

// TestReleaseCreateWithoutTargetList: the risk recorded at creation needs
// the environments' target lists; a targets-from command this job cannot
// run costs that record (with a warning), not the release.
func TestReleaseCreateWithoutTargetList(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".sqlreview.yaml":          "environments:\n  - name: prod\n    targets-from: {command: \"exit 3\"}\n",
		"migrations/001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n",
	})
	code, stdout, stderr := runCLI(t, dir, "", "release", "create")
	if code != 0 || !strings.HasPrefix(stdout, "release created ") ||
		!strings.HasPrefix(stderr, "sqlreview: warning: the release's risk per environment is not recorded: ") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}
