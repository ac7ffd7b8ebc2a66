package signing

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

func keygen(t *testing.T, dir, name string) (path, pub string) {
	t.Helper()
	path = filepath.Join(dir, name)
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	b, err := os.ReadFile(path + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	return path, strings.TrimSpace(string(b))
}

func signer(t *testing.T, path string) ssh.Signer {
	t.Helper()
	s, done, err := KeySource{Path: path}.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(done)
	return s
}

var when = time.Date(2026, 12, 7, 11, 0, 0, 123e6, time.UTC)

var stmt = Statement{Kind: KindApprove, Release: "release_20261207-RC1", Digest: "sha256:ab", Env: "prod", Principal: "alice", At: when}

// TestInteropWithSSHKeygen: a signature made here verifies with
// `ssh-keygen -Y verify` and the same allowed-signers file, and one made
// by `ssh-keygen -Y sign` verifies here: the format is OpenSSH's, not ours.
func TestInteropWithSSHKeygen(t *testing.T) {
	dir := t.TempDir()
	key, pub := keygen(t, dir, "alice")
	allowedPath := filepath.Join(dir, "allowed_signers")
	os.WriteFile(allowedPath, []byte("alice "+pub+"\n"), 0o644)
	msg := filepath.Join(dir, "statement")
	os.WriteFile(msg, stmt.Encode(), 0o644)

	sig, err := Sign(stmt, signer(t, key))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(msg+".sig", []byte(sig), 0o644)
	verify := exec.Command("ssh-keygen", "-Y", "verify", "-f", allowedPath, "-I", "alice", "-n", Namespace, "-s", msg+".sig")
	verify.Stdin = strings.NewReader(string(stmt.Encode()))
	if out, err := verify.CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen -Y verify refused our signature: %v\n%s", err, out)
	}

	os.Remove(msg + ".sig")
	if out, err := exec.Command("ssh-keygen", "-Y", "sign", "-f", key, "-n", Namespace, msg).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen -Y sign: %v\n%s", err, out)
	}
	theirs, _ := os.ReadFile(msg + ".sig")
	allowed, err := ParseAllowedSigners("allowed_signers", []byte("alice "+pub+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(allowed, stmt, string(theirs)); err != nil {
		t.Fatalf("ssh-keygen's signature refused: %v", err)
	}
}

func TestVerifyFailures(t *testing.T) {
	dir := t.TempDir()
	aliceKey, alicePub := keygen(t, dir, "alice")
	bobKey, bobPub := keygen(t, dir, "bob")
	sig, err := Sign(stmt, signer(t, aliceKey))
	if err != nil {
		t.Fatal(err)
	}
	bobSig, _ := Sign(stmt, signer(t, bobKey))
	bobFP := ssh.FingerprintSHA256(signer(t, bobKey).PublicKey())
	later := stmt
	later.At = when.Add(time.Second)
	cases := []struct {
		name, allowed, sig string
		s                  Statement
		failure            Failure
		key                string
	}{
		{"valid", "alice " + alicePub, sig, stmt, 0, ""},
		{"pattern and negation", "a*,!bob " + alicePub, sig, stmt, 0, ""},
		{"negated principal", "*,!alice " + alicePub, sig, stmt, NotAllowed, ""},
		{"key of another principal", "alice " + alicePub + "\nbob " + bobPub, bobSig, stmt, NotAllowed, bobFP},
		{"other namespace only", `alice namespaces="git" ` + alicePub, sig, stmt, NotAllowed, ""},
		{"our namespace", `alice namespaces="git,sqlreview-*" ` + alicePub, sig, stmt, 0, ""},
		{"expired before the statement", `alice valid-before="20261207Z" ` + alicePub, sig, stmt, NotAllowed, ""},
		{"valid after the statement", `alice valid-after="20261208Z" ` + alicePub, sig, stmt, NotAllowed, ""},
		{"statement changed", "alice " + alicePub, sig, later, Invalid, ""},
		{"not armored", "alice " + alicePub, "signed, trust me", stmt, Unreadable, ""},
	}
	for _, c := range cases {
		allowed, err := ParseAllowedSigners("allowed_signers", []byte(c.allowed))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		err = Verify(allowed, c.s, c.sig)
		var ve *VerifyError
		switch {
		case c.failure == 0 && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.failure != 0 && (!errors.As(err, &ve) || ve.Failure != c.failure):
			t.Errorf("%s: got %v, want failure %d", c.name, err, c.failure)
		case c.key != "" && ve.Key != c.key:
			t.Errorf("%s: key %s, want %s", c.name, ve.Key, c.key)
		}
	}
}

func TestParseAllowedSignersErrors(t *testing.T) {
	_, pub := keygen(t, t.TempDir(), "alice")
	for _, c := range []struct{ text, want string }{
		{"# team\n\nalice " + pub + "\nbob", "allowed_signers:4: expected principals, then a public key; see ssh-keygen(1), ALLOWED SIGNERS"},
		{"alice cert-authority " + pub, "allowed_signers:1: cert-authority is not supported; list each signer's own public key; see ssh-keygen(1), ALLOWED SIGNERS"},
		{`alice valid-after="tomorrow" ` + pub, `allowed_signers:1: validity "tomorrow": expected YYYYMMDD[HHMM[SS]][Z]; see ssh-keygen(1), ALLOWED SIGNERS`},
		{`alice no-touch-required ` + pub, `allowed_signers:1: unknown option "no-touch-required" (use namespaces, valid-after or valid-before); see ssh-keygen(1), ALLOWED SIGNERS`},
	} {
		_, err := ParseAllowedSigners("allowed_signers", []byte(c.text))
		if err == nil || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.text, err, c.want)
		}
	}
}

func TestStatementIsCanonical(t *testing.T) {
	text := stmt.Encode()
	want := "sqlreview statement v1\nkind approve\nrelease release_20261207-RC1\ndigest sha256:ab\nenvironment prod\nprincipal alice\ntime 2026-12-07T11:00:00.123Z\n"
	if string(text) != want {
		t.Fatalf("Encode =\n%s\nwant\n%s", text, want)
	}
	if got, err := ParseStatement(text); err != nil || got != stmt {
		t.Fatalf("ParseStatement = %+v, %v", got, err)
	}
	for _, bad := range []string{
		strings.Replace(want, "time 2026-12-07T11:00:00.123Z", "time 2026-12-07T11:00:00.1230Z", 1),
		strings.Replace(want, "kind approve\n", "", 1),
		want + "extra\n",
		strings.Replace(want, "\n", "\r\n", 1),
	} {
		if _, err := ParseStatement([]byte(bad)); err == nil {
			t.Errorf("accepted a statement that is not canonical:\n%q", bad)
		}
	}
}

// startAgent runs an ssh-agent on a socket in a temporary directory for
// the test and returns the socket.
func startAgent(t *testing.T) string {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "agent.sock")
	agent := exec.Command("ssh-agent", "-D", "-a", sock)
	if err := agent.Start(); err != nil {
		t.Fatalf("ssh-agent: %v", err)
	}
	t.Cleanup(func() { agent.Process.Kill(); agent.Wait() })
	for i := 0; i < 100; i++ {
		if _, err := os.Stat(sock); err == nil {
			return sock
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("ssh-agent did not create its socket")
	return ""
}

// TestKeysFromAgent: a passphrase-protected key signs through the agent
// (as with git, the key file or its .pub names it); without --key the
// agent's key listed for the principal signs; a locked key without the
// agent, and an agent without a listed key, are one-line errors.
func TestKeysFromAgent(t *testing.T) {
	dir := t.TempDir()
	locked := filepath.Join(dir, "locked")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "secret-passphrase", "-f", locked).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	_, otherPub := keygen(t, dir, "other")
	pubBytes, _ := os.ReadFile(locked + ".pub")
	pub, _, _, _, _ := ssh.ParseAuthorizedKey(pubBytes)
	other, _, _, _, _ := ssh.ParseAuthorizedKey([]byte(otherPub))

	_, _, err := KeySource{Path: locked}.Open()
	want := "signing key " + locked + " is protected by a passphrase and no SSH agent is running (SSH_AUTH_SOCK is not set); add it to the agent (`ssh-add " + locked + "`) and retry"
	if err == nil || err.Error() != want {
		t.Fatalf("locked key without agent:\n got %v\nwant %s", err, want)
	}

	sock := startAgent(t)
	_, _, err = KeySource{AgentSocket: sock, Want: []ssh.PublicKey{other}}.Open()
	if want := "the SSH agent holds none of the keys allowed for this signer (0 keys in the agent)"; err == nil || err.Error() != want {
		t.Fatalf("empty agent:\n got %v\nwant %s", err, want)
	}
	add := exec.Command("ssh-add", locked)
	add.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock, "SSH_ASKPASS_REQUIRE=force", "SSH_ASKPASS="+askpass(t, "secret-passphrase"), "DISPLAY=:0")
	add.Stdin = nil
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("ssh-add: %v\n%s", err, out)
	}
	allowed, err := ParseAllowedSigners("allowed_signers", append([]byte("alice "), pubBytes...))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []KeySource{
		{Path: locked, AgentSocket: sock},
		{Path: locked + ".pub", AgentSocket: sock},
		{AgentSocket: sock, Want: []ssh.PublicKey{other, pub}},
	} {
		s, done, err := k.Open()
		if err != nil {
			t.Fatalf("%+v: %v", k, err)
		}
		sig, err := Sign(stmt, s)
		done()
		if err != nil {
			t.Fatal(err)
		}
		if err := Verify(allowed, stmt, sig); err != nil {
			t.Errorf("%+v: %v", k, err)
		}
	}
}

// askpass writes a script that prints the passphrase, for ssh-add.
func askpass(t *testing.T, pass string) string {
	p := filepath.Join(t.TempDir(), "askpass")
	if err := os.WriteFile(p, []byte("#!/bin/sh\necho '"+pass+"'\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return p
}
