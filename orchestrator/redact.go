package orchestrator

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Redactor removes secrets from text that may reach a person: messages,
// history rows, event details. Errors from the driver can carry the
// connection string, the host or the password, so every error that leaves
// this package passes through it.
type Redactor struct {
	// secrets, longest first (a URL is replaced before the password
	// inside it); repl holds the replacement of each URL secret, computed
	// once at Add: Redact runs on every event and message of a rollout
	// over hundreds of targets, and parsing each URL there dominated it.
	secrets []string
	repl    map[string]string
}

// NewRedactor returns a redactor for a database URL: its password and the
// URL itself are replaced wherever they occur.
func NewRedactor(dbURL string) *Redactor {
	r := &Redactor{}
	r.Add(dbURL)
	if u, err := url.Parse(dbURL); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok {
			r.Add(pw)
			r.Add(url.QueryEscape(pw))
			r.Add(url.PathEscape(pw))
		}
	}
	if cfg, err := pgx.ParseConfig(dbURL); err == nil && cfg.Password != "" {
		r.Add(cfg.Password)
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
		r.repl[secret] = RedactURL(secret)
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

// urlPassword matches the password part of any URL-like connection string,
// including ones we were not told about (a libpq error quoting another URL).
var (
	urlPassword = regexp.MustCompile(`(?i)(postgres(?:ql)?://[^:/@\s]*:)([^@\s]*)@`)
	kvPassword  = regexp.MustCompile(`(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)`)
)

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
				s = strings.ReplaceAll(s, sec, "********")
			}
		}
	}
	s = urlPassword.ReplaceAllString(s, "${1}********@")
	s = kvPassword.ReplaceAllString(s, "${1}********")
	return s
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

// RedactURL returns the target of a database URL as user@host:port/db: what a
// person needs to recognize the database, without the password or options.
func RedactURL(dbURL string) string {
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return "<database>"
	}
	host := cfg.Host
	if strings.HasPrefix(host, "/") {
		host = "[" + host + "]"
	}
	return cfg.User + "@" + host + ":" + itoa(int(cfg.Port)) + "/" + cfg.Database
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
