// Package dburl is the one parser for every connection string sqlreview
// takes: target databases (--database-url, environment targets), the state
// store (--state-url, state.url) and webhooks (notify.webhooks).
//
// Detection is explicit, never a fallback: postgres:// and postgresql://
// (any case) and key=value DSNs are PostgreSQL; sqlite:, file: and plain
// paths are SQLite (state store only); anything else is an error. An
// error never quotes the input: a connection string carries a password,
// so messages name only what is safe (the scheme, user@host:port/db).
package dburl

import (
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// Kind is the store a connection string names.
type Kind int

// Kinds of connection strings.
const (
	Postgres Kind = iota + 1
	SQLite
)

// Target is a parsed connection string.
type Target struct {
	Kind Kind
	// Conn is what the driver takes: for PostgreSQL the URL with its
	// scheme in lower case (pgx only knows the lower-case spelling) or the
	// key=value DSN; for SQLite the file path.
	Conn string
	// Config is the parsed PostgreSQL configuration (nil for SQLite).
	Config *pgx.ConnConfig
	// Display names the target without secrets: user@host:port/db, or
	// the SQLite path.
	Display string
}

// Error is a connection string that cannot be used. Its text never holds
// the input.
type Error struct{ Reason string }

func (e *Error) Error() string { return e.Reason }

func errorf(reason string) error { return &Error{Reason: reason} }

// The accepted forms, quoted in every error so the fix is in the message.
const (
	postgresForms = "give a postgres://user@host:port/db URL (the password after user:, percent-encoded) or a key=value DSN (host=… user=… dbname=…)"
	stateForms    = postgresForms + ", or a SQLite path (sqlite:PATH, file:PATH or PATH)"
)

var (
	schemeRE = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*):`)
	// A key=value DSN starts with a keyword and '=' (libpq's rule).
	dsnRE = regexp.MustCompile(`^\s*[A-Za-z_][A-Za-z0-9_]*\s*=`)
)

// Database parses the URL of a database to migrate or read: PostgreSQL
// only.
func Database(raw string) (*Target, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, errorf("empty database URL; " + postgresForms)
	}
	if dsnRE.MatchString(raw) {
		return parsePostgres(raw)
	}
	scheme, ok := schemeOf(raw)
	if !ok {
		return nil, errorf("not a database URL (no scheme); " + postgresForms)
	}
	if !isPostgresScheme(scheme) {
		return nil, errorf("unsupported scheme " + strconv.Quote(scheme) + "; " + postgresForms)
	}
	return parsePostgresURL(raw, scheme)
}

// DatabaseName is the name of the database raw connects to: its database
// part, else the user name, as PostgreSQL defaults it. Routed migration
// files (db##version##kind##desc.sql) are matched against it.
func DatabaseName(raw string) (string, error) {
	t, err := Database(raw)
	if err != nil {
		return "", err
	}
	if t.Config.Database != "" {
		return t.Config.Database, nil
	}
	return t.Config.User, nil
}

// State parses the state store's location: a PostgreSQL URL or DSN (the
// shared store) or a SQLite path. raw must not be empty: the default path
// is the caller's to choose.
func State(raw string) (*Target, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, errorf("empty state store URL; " + stateForms)
	}
	if dsnRE.MatchString(raw) {
		return parsePostgres(raw)
	}
	scheme, ok := schemeOf(raw)
	if !ok {
		return sqlitePath(raw)
	}
	switch s := strings.ToLower(scheme); {
	case isPostgresScheme(scheme):
		return parsePostgresURL(raw, scheme)
	case s == "sqlite":
		p := raw[len("sqlite:"):]
		p = strings.TrimPrefix(p, "//")
		return sqlitePath(p)
	case s == "file":
		p := raw[len("file:"):]
		if strings.HasPrefix(p, "///") {
			p = p[2:]
		}
		return sqlitePath(p)
	default:
		return nil, errorf("unsupported scheme " + strconv.Quote(scheme) + "; " + stateForms)
	}
}

// Webhook parses a webhook URL: http or https with a host. Only the
// scheme and the host are ever named, since the path or query of a
// webhook URL is often its token.
func Webhook(raw string) (*url.URL, error) {
	scheme, ok := schemeOf(raw)
	if !ok || (strings.ToLower(scheme) != "http" && strings.ToLower(scheme) != "https") {
		return nil, errorf("expected an http:// or https:// URL")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || strings.ContainsAny(u.Host, " \t\r\n") {
		return nil, errorf("expected an http:// or https:// URL with a host")
	}
	u.Scheme = strings.ToLower(u.Scheme)
	return u, nil
}

// WebhookSecrets returns the parts of a webhook URL that may be its
// credential: the password, the path and the query (Slack, Teams and most
// chat services put the token in the path).
func WebhookSecrets(raw string) []string {
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	var out []string
	if pw, ok := u.User.Password(); ok {
		out = append(out, pw, url.QueryEscape(pw))
	}
	for _, s := range []string{u.EscapedPath(), u.Path, u.RawQuery} {
		if len(s) > 1 && !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// schemeOf returns the scheme of s, if s starts with one. A single letter
// is a Windows drive, not a scheme.
func schemeOf(s string) (string, bool) {
	m := schemeRE.FindStringSubmatch(s)
	if m == nil || len(m[1]) == 1 {
		return "", false
	}
	return m[1], true
}

func isPostgresScheme(scheme string) bool {
	s := strings.ToLower(scheme)
	return s == "postgres" || s == "postgresql"
}

// parsePostgresURL checks the shape pgx cannot see: the reserved
// characters of an unencoded password would split the URL elsewhere, and
// pieces of the password would then be printed as a host or a database.
func parsePostgresURL(raw, scheme string) (*Target, error) {
	rest := raw[len(scheme)+1:]
	if !strings.HasPrefix(rest, "//") {
		return nil, errorf("a " + strings.ToLower(scheme) + " URL needs // after the scheme; " + postgresForms)
	}
	if info, ok := userinfo(rest[2:]); ok {
		if strings.ContainsAny(info, "/?#@") {
			return nil, errorf("the user name or password has unencoded reserved characters (@ / ? #); percent-encode them (@ is %40, / is %2F, ? is %3F, # is %23, % is %25)")
		}
		if _, err := url.PathUnescape(info); err != nil {
			return nil, errorf("the user name or password has a % not followed by two hex digits; write % as %25")
		}
	}
	return parsePostgres(strings.ToLower(scheme) + raw[len(scheme):])
}

// userinfo returns what stands before the last '@' of the part after
// "scheme://", the widest reading of the user and password. An '@' after
// an '=' is in the query string, not in the user info.
func userinfo(afterSlashes string) (string, bool) {
	at := strings.LastIndexByte(afterSlashes, '@')
	if at < 0 {
		return "", false
	}
	info := afterSlashes[:at]
	if strings.Contains(info, "=") {
		return "", false
	}
	return info, true
}

// parsePostgres hands a URL (lower-case scheme) or DSN to pgx. pgx's
// parse errors quote the connection string with its password only
// partly masked, so just the reason is kept.
func parsePostgres(conn string) (*Target, error) {
	cfg, err := pgx.ParseConfig(conn)
	if err != nil {
		return nil, errorf("cannot parse the connection string: " + Redact(conn, parseReason(err)) + "; " + postgresForms)
	}
	return &Target{Kind: Postgres, Conn: conn, Config: cfg, Display: display(cfg)}, nil
}

// parseReason is pgx's reason without the quoted connection string:
// "cannot parse `…`: invalid port" gives "invalid port".
func parseReason(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, "`: "); i >= 0 {
		msg = msg[i+3:]
	}
	return msg
}

func sqlitePath(p string) (*Target, error) {
	switch {
	case strings.TrimSpace(p) == "":
		return nil, errorf("empty SQLite path; " + stateForms)
	case strings.ContainsAny(p, "?#"):
		// The path becomes a file: URI with options after '?'.
		return nil, errorf("a SQLite path cannot contain ? or #; " + stateForms)
	case strings.Contains(p, "@"):
		// user:password@host without a scheme is a mistyped URL, not a
		// file to create under a name holding the password.
		return nil, errorf("looks like a connection URL without its scheme (it has an @); " + stateForms)
	case strings.ContainsAny(p, "\x00\r\n"):
		return nil, errorf("a SQLite path cannot contain control characters; " + stateForms)
	}
	return &Target{Kind: SQLite, Conn: p, Display: p}, nil
}

// display names a PostgreSQL target as user@host:port/db.
func display(cfg *pgx.ConnConfig) string {
	host := cfg.Host
	if strings.HasPrefix(host, "/") {
		host = "[" + host + "]"
	}
	return cfg.User + "@" + host + ":" + strconv.Itoa(int(cfg.Port)) + "/" + cfg.Database
}

// Display names a database URL without secrets (user@host:port/db), or
// "<database>" when it does not parse.
func Display(raw string) string {
	t, err := Database(raw)
	if err != nil {
		return "<database>"
	}
	return t.Display
}

// Secrets returns every spelling of the password raw carries, as written
// and decoded, percent-encoded both ways, so that a redactor finds it
// whatever a driver or a person echoed. raw itself is not included. The
// longest comes first, so a spelling is replaced before a part of it.
func Secrets(raw string) []string {
	out := secrets(raw)
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

func secrets(raw string) []string {
	var out []string
	add := func(s string) {
		if s == "" {
			return
		}
		for _, spelled := range []string{s, url.QueryEscape(s), url.PathEscape(s), strings.ReplaceAll(url.QueryEscape(s), "+", "%20")} {
			if !contains(out, spelled) {
				out = append(out, spelled)
			}
		}
	}
	if scheme, ok := schemeOf(raw); ok && isPostgresScheme(scheme) {
		rest := strings.TrimPrefix(raw[len(scheme)+1:], "//")
		if info, ok := userinfo(rest); ok {
			if i := strings.IndexByte(info, ':'); i >= 0 {
				pw := info[i+1:]
				add(pw)
				if d, err := url.PathUnescape(pw); err == nil {
					add(d)
				}
			}
		}
		if q := strings.IndexByte(raw, '?'); q >= 0 {
			for _, kv := range strings.Split(raw[q+1:], "&") {
				if k, v, ok := strings.Cut(kv, "="); ok && strings.EqualFold(k, "password") {
					add(v)
					if d, err := url.QueryUnescape(v); err == nil {
						add(d)
					}
				}
			}
		}
		if cfg, err := pgx.ParseConfig(strings.ToLower(scheme) + raw[len(scheme):]); err == nil {
			add(cfg.Password)
		}
		return out
	}
	if dsnRE.MatchString(raw) {
		if cfg, err := pgx.ParseConfig(raw); err == nil {
			add(cfg.Password)
		}
		if m := kvPassword.FindStringSubmatch(raw); m != nil {
			add(m[2])
			add(strings.Trim(m[2], "'"))
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Patterns for passwords of connection strings nobody told us about (a
// driver error quoting another URL).
var (
	urlPassword = regexp.MustCompile(`(?i)(postgres(?:ql)?://[^:/@\s]*:)([^@\s]*)@`)
	kvPassword  = regexp.MustCompile(`(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]+)`)
)

// Mask is the replacement of a secret.
const Mask = "********"

// RedactPatterns masks the password of any URL or key=value DSN in s.
func RedactPatterns(s string) string {
	if !mayHoldPassword(s) {
		return s
	}
	s = urlPassword.ReplaceAllString(s, "${1}"+Mask+"@")
	return kvPassword.ReplaceAllString(s, "${1}"+Mask)
}

// mayHoldPassword reports whether s could match urlPassword or kvPassword:
// the first needs "://", the second "password" in any case. Most text
// redacted (every event, every line of progress) has neither, and the
// two regular expressions cost far more than this look. Text with a
// non-ASCII byte goes to them anyway: (?i) also folds letters such as
// U+017F (ſ) into "password".
func mayHoldPassword(s string) bool {
	if strings.Contains(s, "://") {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			return true
		case c|0x20 == 'p' && i+8 <= len(s) && strings.EqualFold(s[i:i+8], "password"):
			return true
		}
	}
	return false
}

// Redact removes raw and its password from msg.
func Redact(raw, msg string) string {
	if raw != "" {
		msg = strings.ReplaceAll(msg, raw, "<connection string>")
	}
	for _, s := range Secrets(raw) {
		if len(s) >= 3 {
			msg = strings.ReplaceAll(msg, s, Mask)
		}
	}
	return RedactPatterns(msg)
}
