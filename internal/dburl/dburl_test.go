package dburl

import (
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
)

// pw holds every reserved character of a URL.
const pw = "p@ss%w/rd:#?x"

var encodedPW = url.QueryEscape(pw)

func TestState(t *testing.T) {
	for _, c := range []struct {
		raw            string
		kind           Kind
		display, conn  string
		err            string
		secretsInInput bool
	}{
		{raw: "postgres://app:" + encodedPW + "@db.internal:5433/state", kind: Postgres, display: "app@db.internal:5433/state",
			conn: "postgres://app:" + encodedPW + "@db.internal:5433/state"},
		{raw: "POSTGRES://app:" + encodedPW + "@db.internal/state", kind: Postgres, display: "app@db.internal:5432/state",
			conn: "postgres://app:" + encodedPW + "@db.internal/state"},
		{raw: "PostgreSQL://app@db.internal/state?password=" + encodedPW, kind: Postgres, display: "app@db.internal:5432/state",
			conn: "postgresql://app@db.internal/state?password=" + encodedPW},
		{raw: "host=db.internal user=app password='" + pw + " x' dbname=state", kind: Postgres, display: "app@db.internal:5432/state",
			conn: "host=db.internal user=app password='" + pw + " x' dbname=state"},
		{raw: "sqlite:.sqlreview/state.db", kind: SQLite, display: ".sqlreview/state.db", conn: ".sqlreview/state.db"},
		{raw: "sqlite:///var/lib/state.db", kind: SQLite, display: "/var/lib/state.db", conn: "/var/lib/state.db"},
		{raw: "file:///var/lib/state.db", kind: SQLite, display: "/var/lib/state.db", conn: "/var/lib/state.db"},
		{raw: "file:state.db", kind: SQLite, display: "state.db", conn: "state.db"},
		{raw: "state/state.db", kind: SQLite, display: "state/state.db", conn: "state/state.db"},
		{raw: "postgres://app:" + pw + "@db.internal/state",
			err: "the user name or password has unencoded reserved characters (@ / ? #); percent-encode them (@ is %40, / is %2F, ? is %3F, # is %23, % is %25)"},
		{raw: "postgres://app:p%zz@db.internal/state", err: "the user name or password has a % not followed by two hex digits; write % as %25"},
		{raw: "postgres://app:" + encodedPW + "@db.internal:99999/state",
			err: "cannot parse the connection string: invalid port; give a postgres://user@host:port/db URL (the password after user:, percent-encoded) or a key=value DSN (host=… user=… dbname=…)"},
		{raw: "host=db password='" + pw,
			err: "cannot parse the connection string: failed to parse as keyword/value (unterminated quoted string in connection info string); give a postgres://user@host:port/db URL (the password after user:, percent-encoded) or a key=value DSN (host=… user=… dbname=…)"},
		{raw: "mysql://app:" + encodedPW + "@db/state",
			err: `unsupported scheme "mysql"; give a postgres://user@host:port/db URL (the password after user:, percent-encoded) or a key=value DSN (host=… user=… dbname=…), or a SQLite path (sqlite:PATH, file:PATH or PATH)`},
		{raw: "postgres:app:" + encodedPW + "@db/state",
			err: "a postgres URL needs // after the scheme; give a postgres://user@host:port/db URL (the password after user:, percent-encoded) or a key=value DSN (host=… user=… dbname=…)"},
		{raw: "//app:" + encodedPW + "@db/state",
			err: "looks like a connection URL without its scheme (it has an @); give a postgres://user@host:port/db URL (the password after user:, percent-encoded) or a key=value DSN (host=… user=… dbname=…), or a SQLite path (sqlite:PATH, file:PATH or PATH)"},
		{raw: "state.db?mode=memory",
			err: "a SQLite path cannot contain ? or #; give a postgres://user@host:port/db URL (the password after user:, percent-encoded) or a key=value DSN (host=… user=… dbname=…), or a SQLite path (sqlite:PATH, file:PATH or PATH)"},
	} {
		got, err := State(c.raw)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("State(%q) error = %v; want %q", c.raw, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("State(%q): %v", c.raw, err)
			continue
		}
		if got.Kind != c.kind || got.Display != c.display || got.Conn != c.conn {
			t.Errorf("State(%q) = kind %d display %q conn %q; want %d %q %q", c.raw, got.Kind, got.Display, got.Conn, c.kind, c.display, c.conn)
		}
		if c.kind == Postgres && got.Config.Password != pw && got.Config.Password != pw+" x" {
			t.Errorf("State(%q) password %q; want %q", c.raw, got.Config.Password, pw)
		}
	}
}

func TestDatabaseRefusesPaths(t *testing.T) {
	for raw, want := range map[string]string{
		"state.db":               "not a database URL (no scheme); give a postgres://user@host:port/db URL (the password after user:, percent-encoded) or a key=value DSN (host=… user=… dbname=…)",
		"sqlite:state.db":        `unsupported scheme "sqlite"; give a postgres://user@host:port/db URL (the password after user:, percent-encoded) or a key=value DSN (host=… user=… dbname=…)`,
		"":                       "empty database URL; give a postgres://user@host:port/db URL (the password after user:, percent-encoded) or a key=value DSN (host=… user=… dbname=…)",
		"app:secret@db:5432/app": `unsupported scheme "app"; give a postgres://user@host:port/db URL (the password after user:, percent-encoded) or a key=value DSN (host=… user=… dbname=…)`,
	} {
		if _, err := Database(raw); err == nil || err.Error() != want {
			t.Errorf("Database(%q) error = %v; want %q", raw, err, want)
		}
	}
}

func TestWebhook(t *testing.T) {
	if u, err := Webhook("HTTPS://hooks.example.com/T0/secret-token"); err != nil || u.Host != "hooks.example.com" || u.Scheme != "https" {
		t.Errorf("Webhook: %v %v", u, err)
	}
	for _, raw := range []string{"ftp://hooks.example.com/x", "hooks.example.com/x", "https:///x"} {
		if _, err := Webhook(raw); err == nil {
			t.Errorf("Webhook(%q) accepted", raw)
		}
	}
}

// TestRedact: every spelling of the password is masked in a message that
// quotes it raw, percent-encoded or decoded.
func TestRedact(t *testing.T) {
	for _, raw := range []string{
		"postgres://app:" + encodedPW + "@db/x",
		"postgres://app:" + url.PathEscape(pw) + "@db/x",
		"postgres://app@db/x?sslmode=disable&password=" + encodedPW,
		"host=db user=app password='" + pw + "'",
	} {
		msg := "a " + pw + " b " + encodedPW + " c " + url.PathEscape(pw) + " d"
		got := Redact(raw, msg)
		if strings.Contains(got, pw) || strings.Contains(got, encodedPW) || strings.Contains(got, url.PathEscape(pw)) {
			t.Errorf("Redact(%q, …) = %q", raw, got)
		}
	}
}

func TestWebhookSecrets(t *testing.T) {
	got := WebhookSecrets("https://bot:" + encodedPW + "@hooks.example.com/services/T0/B1/tok3n?sig=abc123")
	want := []string{pw, encodedPW, "/services/T0/B1/tok3n", "sig=abc123"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("WebhookSecrets = %q; want %q", got, want)
	}
}

// TestRedactPatternsLooksFirst: RedactPatterns skips its regular
// expressions for text that cannot match them; on random text made of the
// patterns' pieces (mixed case, U+017F ſ that (?i) folds into s, URLs,
// key=value pairs) it must mask exactly what the expressions alone mask.
func TestRedactPatternsLooksFirst(t *testing.T) {
	pieces := []string{"password", "PassWord", "paſſword", "pass", "word", "=", " = ", "'se cret'", "s3cr3t", "postgres://", "postgresql://",
		"u", ":", "@", "host", "/db", " ", "&", "x", "é", "://", "PASSWORD=hunter2", "p", "P"}
	rng := rand.New(rand.NewPCG(5, 8))
	masked := 0
	for round := 0; round < 5000; round++ {
		var b strings.Builder
		for n := rng.IntN(12); n > 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		want := kvPassword.ReplaceAllString(urlPassword.ReplaceAllString(s, "${1}"+Mask+"@"), "${1}"+Mask)
		if got := RedactPatterns(s); got != want {
			t.Fatalf("RedactPatterns(%q) = %q; the expressions give %q", s, got, want)
		}
		if want != s {
			masked++
		}
	}
	if masked < 500 {
		t.Fatalf("only %d of 5000 random texts had a password to mask: the test does not exercise the patterns", masked)
	}
	for _, s := range []string{"applying 0001_init.sql", `{"name":"0002_users","checksum":"abc","txmode":"file"}`} {
		if mayHoldPassword(s) {
			t.Errorf("mayHoldPassword(%q) = true", s)
		}
	}
}
