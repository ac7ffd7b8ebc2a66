package rollout

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/signing"
	"github.com/sqlreview/sqlreview/orchestrator/store"
	"github.com/sqlreview/sqlreview/rules/config"
)

// sshKey generates an ed25519 key pair with ssh-keygen in dir and returns
// the private key's path, the public key line and its fingerprint.
func sshKey(t *testing.T, dir, name string) (path, pub, fingerprint string) {
	t.Helper()
	path = filepath.Join(dir, name)
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	b, err := os.ReadFile(path + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	key, _, _, _, err := ssh.ParseAuthorizedKey(b)
	if err != nil {
		t.Fatal(err)
	}
	return path, strings.TrimSpace(string(b)), ssh.FingerprintSHA256(key)
}

// signedRepo is a repository whose config gates prod by a signed approval
// and live by a signed rollout confirmation of the dba group, with alice
// and bob in its allowed signers.
type signedRepo struct {
	dir, mig                string
	aliceKey, bobKey        string
	alicePub, bobPub, bobFP string
	f                       *fleet
	st                      *store.Store
}

const signedConfig = `migrations: {dir: migrations}
groups:
  dba: [alice]
signing:
  allowed-signers: .sqlreview/allowed_signers
  unsigned: [test]
environments:
  - name: test
    targets: [{name: test-1, url: "${TEST_1_URL}"}]
  - name: prod
    approval: required
    targets: [{name: prod-1, url: "${PROD_1_URL}"}]
  - name: live
    rollout: manual
    rollout-by: [group:dba]
    targets: [{name: live-1, url: "${LIVE_1_URL}"}]
`

func newSignedRepo(t *testing.T) *signedRepo {
	t.Helper()
	r := &signedRepo{dir: t.TempDir()}
	keys := t.TempDir()
	r.aliceKey, r.alicePub, _ = sshKey(t, keys, "alice")
	r.bobKey, r.bobPub, r.bobFP = sshKey(t, keys, "bob")
	r.mig = filepath.Join(r.dir, "migrations")
	for name, body := range releaseFiles {
		r.write(t, "migrations/"+name, body)
	}
	r.write(t, ".sqlreview/allowed_signers", "alice "+r.alicePub+"\nbob "+r.bobPub+"\n")
	r.write(t, ".sqlreview.yaml", signedConfig)
	r.f = &fleet{vars: map[string]string{}, urls: map[string]string{}}
	for _, n := range []string{"test-1", "prod-1", "live-1"} {
		u := pgtest.NewDB(t)
		r.f.vars[strings.ToUpper(strings.ReplaceAll(n, "-", "_"))+"_URL"] = u
		r.f.urls[n] = u
	}
	r.loadConfig(t)
	r.st = sqliteStore(t)
	return r
}

func (r *signedRepo) write(t *testing.T, name, body string) {
	t.Helper()
	p := filepath.Join(r.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// loadConfig reads the working tree's config, as a rollout job would.
func (r *signedRepo) loadConfig(t *testing.T) {
	t.Helper()
	cfg, err := config.Load(filepath.Join(r.dir, ".sqlreview.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(nil, nil); err != nil {
		t.Fatal(err)
	}
	r.f.cfg = cfg
}

// record is `sqlreview approve` with a key file.
func (r *signedRepo) record(rel *release.Release, env, by, key string, rollout bool) (store.Approval, error) {
	return Record(context.Background(), r.st, Statement{Release: rel, Env: env, By: by, Rollout: rollout, Key: signing.KeySource{Path: key}})
}

// forge stores an approval of rel for env by by, whose statement and
// signature are those of src: what someone with write access to the
// state store can do with any signature they have seen.
func (r *signedRepo) forge(t *testing.T, rel *release.Release, env, by string, src store.Approval) {
	t.Helper()
	a := store.Approval{Release: rel.ID, Env: env, By: by, Digest: rel.Digest, At: time.Now(), Statement: src.Statement, Signature: src.Signature}
	if err := r.st.Approve(context.Background(), a); err != nil {
		t.Fatal(err)
	}
}

func (r *signedRepo) clearApprovals(t *testing.T) {
	t.Helper()
	forgeSQL(t, r.st, `DELETE FROM sqlreview_approvals`)
}

// TestSignedApprovals: prod's gate opens only for an approval signed by a
// key the release's own allowed signers list for the approver, over this
// release's digest and prod. Rows written into the store by hand, unsigned
// approvals, other keys, other environments and other digests are each
// refused with one line naming the approver and what to do, and editing
// the working tree's config or allowed signers after release create
// changes nothing.
func TestSignedApprovals(t *testing.T) {
	r := newSignedRepo(t)
	ctx := context.Background()
	rel := mustRelease(t, r.st, r.mig, r.f.cfg)
	if rel.Policy == nil || rel.Policy.AllowedSignersPath != ".sqlreview/allowed_signers" || rel.Policy.ConfigPath != ".sqlreview.yaml" {
		t.Fatalf("release policy = %+v", rel.Policy)
	}
	if res, _, err := r.f.rollout(t, r.st, rel.ID, "test"); err != nil || !res.Done {
		t.Fatalf("test (no gate): %v", err)
	}
	keyCmd := func(by string) string {
		return "run `sqlreview approve --release " + rel.ID + " --env prod --by " + by + " --key KEY`"
	}
	// gateMsg is the refusal of prod's one-approval flow, naming the
	// stored approvals that do not count.
	gateMsg := func(notCounted ...string) string {
		msg := "approval required: environment prod needs approvals of release " + rel.ID + " (low risk); still missing: step 1 of 1: 1 approval from anyone but the author"
		if len(notCounted) > 0 {
			msg += "; not counted: " + strings.Join(notCounted, "; ")
		}
		return msg + "; run `sqlreview approve --release " + rel.ID + " --env prod --by NAME --key KEY` for each, then rerun"
	}
	refusedWith := func(step string, reasons ...string) {
		t.Helper()
		_, _, err := r.f.rollout(t, r.st, rel.ID, "prod")
		want := gateMsg(reasons...)
		if !errors.Is(err, ErrApproval) || err.Error() != want {
			t.Fatalf("%s:\n got %v\nwant %s", step, err, want)
		}
	}

	_, _, err := r.f.rollout(t, r.st, rel.ID, "prod")
	if want := gateMsg(); err == nil || err.Error() != want {
		t.Fatalf("no approval:\n got %v\nwant %s", err, want)
	}

	// A row written into the store by hand: unsigned, in an environment
	// that accepts only signed approvals.
	if err := r.st.Approve(ctx, store.Approval{Release: rel.ID, Env: "prod", By: "alice", Digest: rel.Digest, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	unsigned := "approval by alice is not signed, and the config of release " + rel.ID + " accepts unsigned ones only in test (signing.unsigned); sign it: " + keyCmd("alice")
	refusedWith("forged unsigned row", unsigned)
	envs, err := Status(ctx, r.st, r.f.cfg, rel, r.f.getenv)
	if err != nil || envs[1].Name != "prod" || len(envs[1].Approved) != 0 || envs[1].Status != "awaiting approval" {
		t.Fatalf("status shows the forged row: %v %+v", err, envs)
	}

	// A row with a signature that is not one.
	forgeSQL(t, r.st, `UPDATE sqlreview_approvals SET statement = 'sqlreview statement v1', signature = '-----BEGIN SSH SIGNATURE-----' WHERE by_name = 'alice'`)
	refusedWith("forged signature", "approval by alice has no readable signed statement (the state store was modified); "+keyCmd("alice"))

	// alice's approval signed with bob's key: approve refuses to record
	// it, and a copy written into the store is refused by the rollout.
	_, err = r.record(rel, "prod", "alice", r.bobKey, false)
	wrongKey := "approval by alice is signed with key " + r.bobFP + ", which the allowed signers of release " + rel.ID +
		" (.sqlreview/allowed_signers) do not list for alice; sign with a key listed there, or add this one, commit it and create a new release"
	if !errors.Is(err, ErrRefused) || err.Error() != "not recorded: "+wrongKey {
		t.Fatalf("approve with the wrong key:\n got %v\nwant not recorded: %s", err, wrongKey)
	}
	bobAsAlice := signStatement(t, r.bobKey, signing.Statement{Kind: signing.KindApprove, Release: rel.ID, Digest: rel.Digest, Env: "prod", Principal: "alice", At: time.Now()})
	r.forge(t, rel, "prod", "alice", bobAsAlice)
	refusedWith("wrong key", wrongKey)

	// bob's valid signature, recorded as alice's approval.
	bobs, err := r.record(rel, "prod", "bob", r.bobKey, false)
	if err != nil {
		t.Fatal(err)
	}
	r.clearApprovals(t)
	r.forge(t, rel, "prod", "alice", bobs)
	refusedWith("someone else's signature", "approval by alice is signed by bob; "+keyCmd("alice"))

	// alice's valid approval of test, copied to prod.
	ofTest, err := r.record(rel, "test", "alice", r.aliceKey, false)
	if err != nil {
		t.Fatal(err)
	}
	r.clearApprovals(t)
	r.forge(t, rel, "prod", "alice", ofTest)
	refusedWith("other environment", "approval by alice is signed for environment test, not prod; "+keyCmd("alice"))

	// alice's valid approval of another release, copied to this one.
	more := map[string]string{"0004_more.sql": "CREATE TABLE more (id bigint PRIMARY KEY);\n"}
	for k, v := range releaseFiles {
		more[k] = v
	}
	other := writeDir(t, more)
	rel2 := mustRelease(t, r.st, other, r.f.cfg)
	ofOther, err := r.record(rel2, "prod", "alice", r.aliceKey, false)
	if err != nil {
		t.Fatal(err)
	}
	r.clearApprovals(t)
	r.forge(t, rel, "prod", "alice", ofOther)
	refusedWith("other digest", "approval by alice is signed for release "+rel2.ID+" (digest "+rel2.Digest+"), not "+rel.ID+" (digest "+rel.Digest+"); "+keyCmd("alice"))

	// A valid statement whose text was edited in the store.
	valid, err := r.record(rel, "prod", "alice", r.aliceKey, false)
	if err != nil {
		t.Fatal(err)
	}
	r.clearApprovals(t)
	edited := valid
	st, err := signing.ParseStatement([]byte(valid.Statement))
	if err != nil {
		t.Fatal(err)
	}
	st.At = st.At.Add(-time.Hour) // backdated: same shape, another text
	edited.Statement = string(st.Encode())
	r.forge(t, rel, "prod", "alice", edited)
	refusedWith("edited statement", "approval by alice has a signature that does not match its statement (the state store was modified); "+keyCmd("alice"))

	// Editing the working tree after release create: prod accepts
	// unsigned approvals, bob's key is listed for alice. Nothing changes:
	// the release's own copies decide.
	r.write(t, ".sqlreview/allowed_signers", "alice "+r.bobPub+"\nbob "+r.bobPub+"\n")
	r.write(t, ".sqlreview.yaml", strings.Replace(signedConfig, "unsigned: [test]", "unsigned: [test, prod]", 1))
	r.loadConfig(t)
	r.clearApprovals(t)
	r.forge(t, rel, "prod", "alice", bobAsAlice)
	refusedWith("edited allowed signers", wrongKey)
	r.clearApprovals(t)
	if err := r.st.Approve(ctx, store.Approval{Release: rel.ID, Env: "prod", By: "alice", Digest: rel.Digest, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	refusedWith("edited config", unsigned)
	if _, err := r.record(rel, "prod", "alice", r.bobKey, false); !errors.Is(err, ErrRefused) {
		t.Fatalf("approve with a key only the working tree lists: %v", err)
	}

	// The valid signed approval opens the gate; the refused row next to
	// it is still named, as a warning.
	r.clearApprovals(t)
	r.forge(t, rel, "prod", "mallory", store.Approval{})
	if _, err := r.record(rel, "prod", "alice", r.aliceKey, false); err != nil {
		t.Fatal(err)
	}
	res, out, err := r.f.rollout(t, r.st, rel.ID, "prod")
	if err != nil || !res.Done {
		t.Fatalf("prod with alice's signed approval: %v\n%s", err, out)
	}
	wantWarn := "sqlreview: warning: prod: approval by mallory is not signed, and the config of release " + rel.ID + " accepts unsigned ones only in test (signing.unsigned); sign it: " + keyCmd("mallory") + "\n"
	if !strings.Contains(out, wantWarn) {
		t.Errorf("no warning for mallory's row:\n%s", out)
	}
	rows := queryStrings(t, connect(t, r.f.urls["prod-1"]), `SELECT version FROM sqlreview.history ORDER BY version`)
	if strings.Join(rows, ",") != "1,2,3" {
		t.Errorf("prod-1 history = %v", rows)
	}
}

// TestManualRollout: a stage with rollout: manual runs only once someone
// of rollout-by (here the dba group: alice) has confirmed it with a
// signed statement; an approval, or a valid confirmation by someone else,
// does not count.
func TestManualRollout(t *testing.T) {
	r := newSignedRepo(t)
	rel := mustRelease(t, r.st, r.mig, r.f.cfg)
	for _, env := range []string{"test", "prod"} {
		if env == "prod" {
			if _, err := r.record(rel, "prod", "alice", r.aliceKey, false); err != nil {
				t.Fatal(err)
			}
		}
		if res, out, err := r.f.rollout(t, r.st, rel.ID, env); err != nil || !res.Done {
			t.Fatalf("%s: %v\n%s", env, err, out)
		}
	}
	confirm := "run `sqlreview approve --rollout --release " + rel.ID + " --env live --by NAME --key KEY`, then rerun"
	_, _, err := r.f.rollout(t, r.st, rel.ID, "live")
	want := "rollout confirmation required: environment live rolls out manually: someone of rollout-by (group:dba) must confirm release " + rel.ID + "; " + confirm
	if !errors.Is(err, ErrConfirmation) || err.Error() != want {
		t.Fatalf("live unconfirmed:\n got %v\nwant %s", err, want)
	}
	// An approval of live is not a confirmation.
	if _, err := r.record(rel, "live", "alice", r.aliceKey, false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.f.rollout(t, r.st, rel.ID, "live"); err == nil || err.Error() != want {
		t.Fatalf("live with an approval only: %v", err)
	}
	// bob signs validly, but is not in rollout-by.
	_, err = r.record(rel, "live", "bob", r.bobKey, true)
	notAllowed := "rollout confirmation by bob does not count: bob is not in rollout-by of live (group:dba) in the config of release " + rel.ID + "; someone listed there confirms it"
	if !errors.Is(err, ErrRefused) || err.Error() != "not recorded: "+notAllowed {
		t.Fatalf("bob's confirmation:\n got %v\nwant not recorded: %s", err, notAllowed)
	}
	bobs := signStatement(t, r.bobKey, signing.Statement{Kind: signing.KindRollout, Release: rel.ID, Digest: rel.Digest, Env: "live", Principal: "bob", At: time.Now()})
	bobs.Release, bobs.Env, bobs.By, bobs.Digest, bobs.At = rel.ID, "live", "bob", rel.Digest, time.Now()
	if err := r.st.Confirm(context.Background(), bobs); err != nil {
		t.Fatal(err)
	}
	_, _, err = r.f.rollout(t, r.st, rel.ID, "live")
	if want := "rollout confirmation required: environment live has no rollout confirmation of release " + rel.ID + " that verifies: " + notAllowed; !errors.Is(err, ErrConfirmation) || err.Error() != want {
		t.Fatalf("live confirmed by bob:\n got %v\nwant %s", err, want)
	}
	// alice's approval statement stored as a confirmation is refused.
	apps, _ := r.st.Approvals(context.Background(), rel.ID, "live")
	if err := r.st.Confirm(context.Background(), apps[0]); err != nil {
		t.Fatal(err)
	}
	_, _, err = r.f.rollout(t, r.st, rel.ID, "live")
	if want := "rollout confirmation by alice is signed as a approve statement, not a rollout one; run `sqlreview approve --rollout --release " + rel.ID + " --env live --by alice --key KEY`"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("approval as confirmation:\n got %v\nwant …%s", err, want)
	}
	if _, err := r.record(rel, "live", "alice", r.aliceKey, true); err != nil {
		t.Fatal(err)
	}
	if res, out, err := r.f.rollout(t, r.st, rel.ID, "live"); err != nil || !res.Done {
		t.Fatalf("live confirmed by alice: %v\n%s", err, out)
	}
}

// signStatement signs s with the key file as `sqlreview approve` would,
// without any check: what a forger with that key could store.
func signStatement(t *testing.T, key string, s signing.Statement) store.Approval {
	t.Helper()
	signer, done, err := signing.KeySource{Path: key}.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	s.At = s.At.UTC().Truncate(time.Millisecond)
	sig, err := signing.Sign(s, signer)
	if err != nil {
		t.Fatal(err)
	}
	return store.Approval{Statement: string(s.Encode()), Signature: sig}
}

// forgeSQL runs a statement on the SQLite state store behind sqlreview's back.
func forgeSQL(t *testing.T, st *store.Store, stmt string) {
	t.Helper()
	if _, err := storeDB(t, st).Exec(stmt); err != nil {
		t.Fatal(err)
	}
}

// TestGatedEnvironmentNeedsRecordedConfig: a release that records no
// config (made without a config file, or by an older sqlreview) cannot
// open a gate, whatever the store holds: its gates would come from the
// working tree. Ungated environments still take it.
func TestGatedEnvironmentNeedsRecordedConfig(t *testing.T) {
	f := newFleet(t, config.Environment{Name: "prod", Approval: config.Approval{Mode: "required"}, Targets: targetList("prod", 1)})
	st := sqliteStore(t)
	rel := mustRelease(t, st, writeDir(t, releaseFiles), f.cfg)
	if rel.Policy != nil || rel.Digest != release.Digest(rel.Files) {
		t.Fatalf("a release without a config file has policy %+v and digest %s", rel.Policy, rel.Digest)
	}
	if err := st.Approve(context.Background(), store.Approval{Release: rel.ID, Env: "prod", By: "alice", Digest: rel.Digest, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	_, _, err := f.rollout(t, st, rel.ID, "prod")
	want := "approval required: environment prod is gated: release " + rel.ID + " records no config file (it was created without one, or by an older sqlreview); create a new release from the committed .sqlreview.yaml"
	if !errors.Is(err, ErrApproval) || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	f.cfg.Environments[0].Approval = config.Approval{}
	if res, _, err := f.rollout(t, st, rel.ID, "prod"); err != nil || !res.Done {
		t.Fatalf("ungated: %v", err)
	}
}

// gitIn runs git in dir with a fixed identity and returns its output.
func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// rewriteRelease replaces, in the store, the release's recorded allowed
// signers and commit, with a digest that matches them: a release rewritten
// consistently by someone who can write the store. It returns the digest.
func rewriteRelease(t *testing.T, st *store.Store, rel *release.Release, signers, commit string) string {
	t.Helper()
	forged := *rel
	p := *rel.Policy
	p.AllowedSigners = []byte(signers)
	forged.Policy = &p
	digest := forged.ComputeDigest()
	db := storeDB(t, st)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE sqlreview_release_policy SET allowed_signers = $1 WHERE release_id = $2`, []any{signers, rel.ID}},
		{`UPDATE sqlreview_releases SET digest = $1, commit_sha = $2 WHERE id = $3`, []any{digest, commit, rel.ID}},
	} {
		if _, err := db.Exec(q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	return digest
}

// TestGatesAnchoredInGit: in a git checkout, a release's recorded config
// and allowed signers count only if they are those of its commit, and the
// commit is in HEAD's history. A release rewritten in the store to list a
// forger's key (its digest recomputed, and approvals signed over it) is
// refused, as is one naming a commit this checkout lacks or one off HEAD's
// history.
func TestGatesAnchoredInGit(t *testing.T) {
	r := newSignedRepo(t)
	gitIn(t, r.dir, "init", "-q")
	gitIn(t, r.dir, "add", "-A")
	gitIn(t, r.dir, "commit", "-qm", "migrations and gates")
	rel := mustRelease(t, r.st, r.mig, r.f.cfg)
	head := gitIn(t, r.dir, "rev-parse", "HEAD")
	if rel.Commit != head {
		t.Fatalf("release commit %q, HEAD %q", rel.Commit, head)
	}
	if res, _, err := r.f.rollout(t, r.st, rel.ID, "test"); err != nil || !res.Done {
		t.Fatalf("test: %v", err)
	}
	refused := func(step, want string) {
		t.Helper()
		_, _, err := r.f.rollout(t, r.st, rel.ID, "prod")
		if !errors.Is(err, ErrUnanchored) || err.Error() != want {
			t.Fatalf("%s:\n got %v\nwant %s", step, err, want)
		}
	}
	signedOver := func(digest string) {
		t.Helper()
		forgeSQL(t, r.st, `DELETE FROM sqlreview_approvals`)
		a := signStatement(t, r.bobKey, signing.Statement{Kind: signing.KindApprove, Release: rel.ID, Digest: digest, Env: "prod", Principal: "alice", At: time.Now()})
		a.Release, a.Env, a.By, a.Digest, a.At = rel.ID, "prod", "alice", digest, time.Now()
		if err := r.st.Approve(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}

	forgedSigners := "alice " + r.bobPub + "\n"
	signedOver(rewriteRelease(t, r.st, rel, forgedSigners, head))
	refused("rewritten allowed signers", "release not from the repository: the .sqlreview/allowed_signers recorded in release "+rel.ID+
		" is not the one of its commit "+head[:12]+" (the state store was modified, or the release was made with uncommitted changes); create a new release from a clean checkout")

	missing := "0123456789abcdef0123456789abcdef01234567"
	signedOver(rewriteRelease(t, r.st, rel, forgedSigners, missing))
	refused("unknown commit", "release not from the repository: commit 0123456789ab of release "+rel.ID+
		" is not in this checkout; fetch the history (e.g. fetch-depth: 0) so its recorded config can be checked, then rerun")

	// The forger's key committed on a side branch, never merged.
	gitIn(t, r.dir, "checkout", "-q", "-b", "side")
	r.write(t, ".sqlreview/allowed_signers", forgedSigners)
	gitIn(t, r.dir, "commit", "-qam", "my key")
	side := gitIn(t, r.dir, "rev-parse", "HEAD")
	gitIn(t, r.dir, "checkout", "-q", "-")
	signedOver(rewriteRelease(t, r.st, rel, forgedSigners, side))
	refused("commit off HEAD's history", "release not from the repository: commit "+side[:12]+" of release "+rel.ID+
		" is not in the history of the checked-out HEAD; roll out from the branch it was released from")

	// The release as created, approved by alice's own key, rolls out;
	// editing the working tree meanwhile changes nothing.
	rewriteRelease(t, r.st, rel, string(rel.Policy.AllowedSigners), head)
	forgeSQL(t, r.st, `DELETE FROM sqlreview_approvals`)
	r.write(t, ".sqlreview/allowed_signers", "# emptied\n")
	if _, err := r.record(rel, "prod", "alice", r.aliceKey, false); err != nil {
		t.Fatal(err)
	}
	if res, out, err := r.f.rollout(t, r.st, rel.ID, "prod"); err != nil || !res.Done {
		t.Fatalf("prod: %v\n%s", err, out)
	}
}
