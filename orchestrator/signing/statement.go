// Package signing signs and verifies the statements that open a gate: an
// approval of a release for an environment, and the confirmation of a
// manual rollout. A statement is a short canonical text signed with an SSH
// key in the SSHSIG format `ssh-keygen -Y sign` writes (the one git uses
// for signed commits), and verified against an allowed-signers file in the
// format `ssh-keygen -Y verify` and git's gpg.ssh.allowedSignersFile read.
// The state store is not trusted: only what verifies here opens a gate.
package signing

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Namespace is the SSHSIG namespace of every signature sqlreview makes or
// accepts: a signature made for another purpose (a git commit, a file)
// never verifies as an approval.
const Namespace = "sqlreview-approval"

// Statement kinds.
const (
	// KindApprove approves a release for an environment.
	KindApprove = "approve"
	// KindRollout confirms a manual rollout of a release to an environment.
	KindRollout = "rollout"
)

// header is the first line of every statement: it names the format, so a
// later version can change it without old signatures being misread.
const header = "sqlreview statement v1"

// timeLayout is the statement's time: UTC, milliseconds, the precision the
// state store keeps.
const timeLayout = "2006-01-02T15:04:05.000Z"

// Statement is what a signature covers.
type Statement struct {
	Kind      string
	Release   string
	Digest    string
	Env       string
	Principal string
	At        time.Time
}

// Encode is the canonical text of s, the exact bytes that are signed.
func (s Statement) Encode() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\nkind %s\nrelease %s\ndigest %s\nenvironment %s\nprincipal %s\ntime %s\n",
		header, s.Kind, s.Release, s.Digest, s.Env, s.Principal, s.At.UTC().Format(timeLayout))
	return b.Bytes()
}

// ParseStatement reads a statement's canonical text; anything else (extra
// lines, another order, another encoding of the same values) is refused, so
// one statement has exactly one text.
func ParseStatement(text []byte) (Statement, error) {
	var s Statement
	lines := strings.Split(string(text), "\n")
	if len(lines) != 8 || lines[0] != header || lines[7] != "" {
		return s, fmt.Errorf("not a sqlreview statement")
	}
	fields := []struct {
		key string
		dst *string
	}{{"kind", &s.Kind}, {"release", &s.Release}, {"digest", &s.Digest}, {"environment", &s.Env}, {"principal", &s.Principal}}
	for i, f := range fields {
		v, ok := strings.CutPrefix(lines[i+1], f.key+" ")
		if !ok {
			return s, fmt.Errorf("not a sqlreview statement (line %d is not %q)", i+2, f.key)
		}
		*f.dst = v
	}
	at, ok := strings.CutPrefix(lines[6], "time ")
	t, err := time.Parse(timeLayout, at)
	if !ok || err != nil {
		return s, fmt.Errorf("not a sqlreview statement (bad time)")
	}
	s.At = t.UTC()
	if !bytes.Equal(s.Encode(), text) {
		return s, fmt.Errorf("not a sqlreview statement in canonical form")
	}
	return s, nil
}

// ValidPrincipal reports whether name can be a principal of an allowed
// signers file: no whitespace, commas, quotes or control characters (the
// file separates principals with commas and fields with spaces).
func ValidPrincipal(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == ',' || r == '"' || r == '*' || r == '?' || r == '!' {
			return false
		}
	}
	return true
}
