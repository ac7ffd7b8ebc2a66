// Package redact removes secrets (connection strings, passwords, webhook
// tokens) from text that may reach a person.
package redact

import (
	"strings"

	"github.com/sqlreview/sqlreview/internal/dburl"
)

// Redactor removes secrets from text that may reach a person: messages,
// history rows, event details. Errors from the driver can carry the
// connection string, the host or the password, so every error that leaves
// the orchestrator passes through it.
type Redactor struct {
	// secrets, longest first (a URL is replaced before the password
	// inside it); repl holds the replacement of each URL secret, computed
	// once at Add: Redact runs on every event and message of a rollout
	// over hundreds of targets, and parsing each URL there dominated it.
	secrets []string
	repl    map[string]string
}

// New returns a redactor for a database URL: the URL itself and its
// password, in every spelling (as written, decoded, percent-encoded), are
// replaced wherever they occur.
func New(dbURL string) *Redactor {
	r := &Redactor{}
	r.Add(dbURL)
	for _, s := range dburl.Secrets(dbURL) {
		r.Add(s)
	}
	return r
}

// Add registers one more secret. Very short strings are ignored: replacing
// every "a" would destroy the message and protect nothing.
func (r *Redactor) Add(secret string) {
	if len(secret) < 3 {
		return
	}
	for _, s := range r.secrets {
		if s == secret {
			return
		}
	}
	if strings.Contains(secret, "://") {
		if r.repl == nil {
			r.repl = map[string]string{}
		}
		r.repl[secret] = URL(secret)
	}
	// Insert keeping the longest-first order (stable for equal lengths).
	i := len(r.secrets)
	for i > 0 && len(r.secrets[i-1]) < len(secret) {
		i--
	}
	r.secrets = append(r.secrets, "")
	copy(r.secrets[i+1:], r.secrets[i:])
	r.secrets[i] = secret
}

// Redact returns s with every known secret and every URL password removed.
func (r *Redactor) Redact(s string) string {
	if r != nil {
		// Longest first, so a URL is replaced before the password inside it.
		for _, sec := range r.secrets {
			if rep, ok := r.repl[sec]; ok && strings.Contains(s, sec) {
				s = strings.ReplaceAll(s, sec, rep)
			}
		}
		for _, sec := range r.secrets {
			if _, ok := r.repl[sec]; !ok && strings.Contains(s, sec) {
				s = strings.ReplaceAll(s, sec, dburl.Mask)
			}
		}
	}
	// Passwords of connection strings nobody told us about (a driver
	// error quoting another URL).
	return dburl.RedactPatterns(s)
}

// RedactErr is Redact for an error; nil stays nil.
func (r *Redactor) RedactErr(err error) error {
	if err == nil {
		return nil
	}
	return redactedError{msg: r.Redact(err.Error()), err: err}
}

// redactedError keeps the original for errors.As (SQLSTATE checks) while its
// text is safe to print.
type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.err }

// URL returns the target of a database URL as user@host:port/db: what a
// person needs to recognize the database, without the password or options.
func URL(dbURL string) string { return dburl.Display(dbURL) }

// AddFrom registers every secret of o.
func (r *Redactor) AddFrom(o *Redactor) {
	if o == nil {
		return
	}
	for _, s := range o.secrets {
		r.Add(s)
	}
}
