package signing

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
)

// Signer is one line of an allowed-signers file: the principals (patterns)
// that may sign with Key, within the line's namespaces and validity.
type Signer struct {
	Principals []string
	Key        ssh.PublicKey
	// Namespaces restricts the line to these namespace patterns (nil = any).
	Namespaces []string
	// ValidAfter and ValidBefore bound when a signature may have been made
	// (zero = unbounded).
	ValidAfter, ValidBefore time.Time
	Line                    int
}

// AllowedSigners is a parsed allowed-signers file.
type AllowedSigners struct {
	Name    string
	Signers []Signer
}

// ParseAllowedSigners reads the format of ssh-keygen(1) "ALLOWED SIGNERS":
// one "principals [options] keytype base64-key [comment]" per line, "#"
// comments and blank lines ignored. Options are namespaces="…",
// valid-after="…" and valid-before="…"; cert-authority (certificates) is
// refused rather than ignored, since ignoring it would accept a CA's own
// signatures as a person's. name is the file's path, for messages.
func ParseAllowedSigners(name string, data []byte) (*AllowedSigners, error) {
	out := &AllowedSigners{Name: name}
	for i, raw := range bytes.Split(data, []byte("\n")) {
		line := strings.TrimSpace(string(raw))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s, err := parseSignerLine(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v; see ssh-keygen(1), ALLOWED SIGNERS", name, i+1, err)
		}
		s.Line = i + 1
		out.Signers = append(out.Signers, s)
	}
	return out, nil
}

func parseSignerLine(line string) (Signer, error) {
	var s Signer
	i := strings.IndexAny(line, " \t")
	if i < 0 {
		return s, fmt.Errorf("expected principals, then a public key")
	}
	principals, rest := line[:i], strings.TrimLeft(line[i:], " \t")
	if rest == "" {
		return s, fmt.Errorf("expected principals, then a public key")
	}
	s.Principals = strings.Split(principals, ",")
	// The rest has the shape of an authorized_keys line: options, key type,
	// key, comment.
	key, _, options, _, err := ssh.ParseAuthorizedKey([]byte(rest))
	if err != nil {
		return s, fmt.Errorf("cannot read the public key (%v)", err)
	}
	s.Key = key
	for _, opt := range options {
		name, value, hasValue := strings.Cut(opt, "=")
		value = strings.Trim(value, `"`)
		switch {
		case strings.EqualFold(name, "namespaces") && hasValue:
			s.Namespaces = strings.Split(value, ",")
		case strings.EqualFold(name, "valid-after") && hasValue:
			if s.ValidAfter, err = parseValidity(value); err != nil {
				return s, err
			}
		case strings.EqualFold(name, "valid-before") && hasValue:
			if s.ValidBefore, err = parseValidity(value); err != nil {
				return s, err
			}
		case strings.EqualFold(name, "cert-authority"):
			return s, fmt.Errorf("cert-authority is not supported; list each signer's own public key")
		default:
			return s, fmt.Errorf("unknown option %q (use namespaces, valid-after or valid-before)", opt)
		}
	}
	return s, nil
}

// parseValidity reads YYYYMMDD[HHMM[SS]][Z] as ssh-keygen does: UTC with a
// trailing Z, else the local time zone.
func parseValidity(v string) (time.Time, error) {
	loc := time.Local
	if s, ok := strings.CutSuffix(v, "Z"); ok {
		v, loc = s, time.UTC
	}
	for _, layout := range []string{"20060102", "200601021504", "20060102150405"} {
		if len(v) == len(layout) {
			if t, err := time.ParseInLocation(layout, v, loc); err == nil {
				return t, nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("validity %q: expected YYYYMMDD[HHMM[SS]][Z]", v)
}

// matchList is ssh's match_pattern_list: a comma-separated list of
// patterns with * and ?, where a matching "!pattern" excludes.
func matchList(value string, patterns []string) bool {
	matched := false
	for _, p := range patterns {
		if neg, ok := strings.CutPrefix(p, "!"); ok {
			if wildcard(neg, value) {
				return false
			}
			continue
		}
		if wildcard(p, value) {
			matched = true
		}
	}
	return matched
}

// wildcard matches s against a pattern of literal characters, * (any run)
// and ? (one character).
func wildcard(pattern, s string) bool {
	p, v := []rune(pattern), []rune(s)
	var match func(i, j int) bool
	match = func(i, j int) bool {
		for i < len(p) {
			switch p[i] {
			case '*':
				for k := j; k <= len(v); k++ {
					if match(i+1, k) {
						return true
					}
				}
				return false
			case '?':
				if j >= len(v) {
					return false
				}
			default:
				if j >= len(v) || v[j] != p[i] {
					return false
				}
			}
			i++
			j++
		}
		return j == len(v)
	}
	return match(0, 0)
}

// keysFor lists the lines that allow principal to sign in Namespace at t.
func (a *AllowedSigners) keysFor(principal string, at time.Time) []Signer {
	var out []Signer
	for _, s := range a.Signers {
		if !matchList(principal, s.Principals) {
			continue
		}
		if s.Namespaces != nil && !matchList(Namespace, s.Namespaces) {
			continue
		}
		if (!s.ValidAfter.IsZero() && at.Before(s.ValidAfter)) || (!s.ValidBefore.IsZero() && !at.Before(s.ValidBefore)) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// Allows reports whether key may sign for principal at t.
func (a *AllowedSigners) Allows(principal string, key ssh.PublicKey, at time.Time) bool {
	fp := ssh.FingerprintSHA256(key)
	for _, s := range a.keysFor(principal, at) {
		if ssh.FingerprintSHA256(s.Key) == fp {
			return true
		}
	}
	return false
}

// KeysFor lists the public keys that may sign for principal at t (to pick
// one of the SSH agent's keys).
func (a *AllowedSigners) KeysFor(principal string, at time.Time) []ssh.PublicKey {
	var out []ssh.PublicKey
	for _, s := range a.keysFor(principal, at) {
		out = append(out, s.Key)
	}
	return out
}
