// Package pgtest starts a real PostgreSQL server for tests: one server per
// test binary (started on first use), one fresh database per test.
//
// The server runs from the binaries on the machine (PATH, then
// /usr/lib/postgresql/*/bin), in a temporary directory, on a free loopback
// port, with durability switched off because test data is thrown away. When
// the tests run as root the server runs as the "postgres" (or "nobody") user,
// since PostgreSQL refuses to run as root.
//
// When no server can be started a test is skipped, except when the CI
// environment variable is set: CI must never pass by skipping the database
// tests, so there it fails.
//
// Use it from TestMain so the server is stopped when the binary exits:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/internal/testenv"
)

// Password is the superuser's password. It is deliberately distinctive so
// tests can assert it never shows up in any output.
const Password = "pgtest-Secr3t-pw"

// Server is a running PostgreSQL server.
type Server struct {
	// Bin is the directory holding postgres, pg_ctl, psql and pg_dump.
	Bin string
	// Host and Port are where the server listens (TCP, loopback).
	Host string
	Port int
	// Major is the server's major version.
	Major int

	dir  string
	cred *syscall.Credential
	dbs  atomic.Int64
}

var (
	once     sync.Once
	shared   *Server
	startErr error
)

// Main runs the tests and stops the shared server afterwards; call it from
// TestMain.
func Main(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		shared.Stop()
	}
	return code
}

// Shared returns the binary's server, starting it on first use; it skips (or,
// under CI, fails) the test when PostgreSQL cannot be started.
func Shared(t testing.TB) *Server {
	t.Helper()
	once.Do(func() { shared, startErr = Start() })
	testenv.Need(t, startErr == nil, "pgtest: PostgreSQL cannot be started: %v", startErr)
	return shared
}

// NewDB creates an empty database for this test and returns its URL
// (with the password in it). The database is dropped when the test ends.
func NewDB(t testing.TB) string {
	t.Helper()
	s := Shared(t)
	name := fmt.Sprintf("t%d_%s", s.dbs.Add(1), sanitize(t.Name()))
	if err := s.Exec("postgres", `CREATE DATABASE "`+name+`"`); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		_ = s.Exec("postgres", `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`)
	})
	return s.URL(name)
}

func sanitize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := b.String()
	if len(out) > 40 {
		out = out[:40]
	}
	return out
}

// URL returns a connection URL for database db.
func (s *Server) URL(db string) string {
	u := url.URL{Scheme: "postgres", User: url.UserPassword("postgres", Password),
		Host: net.JoinHostPort(s.Host, strconv.Itoa(s.Port)), Path: "/" + db, RawQuery: "sslmode=disable"}
	return u.String()
}

// Exec runs sql in database db on a fresh connection.
func (s *Server) Exec(db, sql string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, s.URL(db))
	if err != nil {
		return err
	}
	defer c.Close(context.Background())
	_, err = c.Exec(ctx, sql)
	return err
}

// Connect opens a connection to url or fails the test; the caller closes it.
func Connect(t testing.TB, ctx context.Context, url string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Env returns the environment for running psql or pg_dump against the
// server: PGPASSWORD is set so URLs given to them need no password.
func (s *Server) Env() []string {
	return append(os.Environ(), "PGPASSWORD="+Password, "PGCONNECT_TIMEOUT=10")
}

// FindBin returns the directory of the PostgreSQL server binaries.
func FindBin() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			p = r
		}
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	// Prefer the newest major installed.
	sort.Slice(dirs, func(i, j int) bool { return majorOf(dirs[i]) > majorOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("no pg_ctl on PATH or in /usr/lib/postgresql/*/bin (install the postgresql package)")
}

func majorOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// Start initializes and starts a new server. Callers must Stop it.
func Start() (*Server, error) {
	bin, err := FindBin()
	if err != nil {
		return nil, err
	}
	s := &Server{Bin: bin, Host: "127.0.0.1"}
	s.dir, err = os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, err
	}
	if os.Geteuid() == 0 {
		if s.cred, err = unprivileged(); err != nil {
			os.RemoveAll(s.dir)
			return nil, err
		}
		if err := os.Chown(s.dir, int(s.cred.Uid), int(s.cred.Gid)); err != nil {
			os.RemoveAll(s.dir)
			return nil, err
		}
	}
	pwfile := filepath.Join(s.dir, "pw")
	if err := os.WriteFile(pwfile, []byte(Password+"\n"), 0o600); err != nil {
		return nil, err
	}
	if s.cred != nil {
		_ = os.Chown(pwfile, int(s.cred.Uid), int(s.cred.Gid))
	}
	data := filepath.Join(s.dir, "data")
	if out, err := s.run("initdb", "-D", data, "-U", "postgres", "--pwfile", pwfile,
		"--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(s.dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, lastLines(out))
	}
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		s.Port, err = freePort()
		if err != nil {
			return nil, err
		}
		opts := fmt.Sprintf("-F -c fsync=off -c full_page_writes=off -c synchronous_commit=off "+
			"-c listen_addresses=127.0.0.1 -p %d -k %s -c max_connections=200", s.Port, s.dir)
		out, err := s.run("pg_ctl", "start", "-w", "-t", "60", "-D", data, "-l", filepath.Join(s.dir, "log"), "-o", opts)
		if err == nil {
			lastErr = nil
			break
		}
		log, _ := os.ReadFile(filepath.Join(s.dir, "log"))
		lastErr = fmt.Errorf("pg_ctl start: %v: %s %s", err, lastLines(out), lastLines(log))
	}
	if lastErr != nil {
		os.RemoveAll(s.dir)
		return nil, lastErr
	}
	if out, err := exec.Command(filepath.Join(bin, "postgres"), "--version").Output(); err == nil {
		f := strings.Fields(string(out))
		if len(f) > 0 {
			s.Major, _ = strconv.Atoi(strings.SplitN(f[len(f)-1], ".", 2)[0])
		}
	}
	return s, nil
}

// Stop stops the server immediately and removes its files.
func (s *Server) Stop() {
	_, _ = s.run("pg_ctl", "stop", "-m", "immediate", "-w", "-D", filepath.Join(s.dir, "data"))
	os.RemoveAll(s.dir)
}

// run runs a PostgreSQL binary as the server's user.
func (s *Server) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(s.Bin, name), args...)
	cmd.Dir = s.dir
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
		cmd.Env = append(os.Environ(), "HOME="+s.dir)
	}
	return cmd.CombinedOutput()
}

// unprivileged returns the credentials to run the server with when the tests
// run as root.
func unprivileged() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errors.New("running as root and neither user postgres nor nobody exists; PostgreSQL refuses to run as root")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func lastLines(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	return strings.Join(lines, " | ")
}

// CPU returns the processor time the server has used since it started: the
// postmaster, its exited children (backends, reaped into the postmaster's
// cumulative times) and its live children. Benchmarks subtract two readings
// to see what the database side of a run cost, apart from the client's own
// time. It reads /proc, so it works on Linux only.
func (s *Server) CPU() (time.Duration, error) {
	data, err := os.ReadFile(filepath.Join(s.dir, "data", "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(data), "\n", 2)[0]))
	if err != nil {
		return 0, fmt.Errorf("postmaster.pid: %v", err)
	}
	ticks, _, err := procTimes(pid, true)
	if err != nil {
		return 0, err
	}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil || child == pid {
			continue
		}
		t, parent, err := procTimes(child, false)
		if err == nil && parent == pid {
			ticks += t
		}
	}
	// USER_HZ is 100 on every Linux ABI Go supports.
	return time.Duration(ticks) * (time.Second / 100), nil
}

// procTimes returns utime+stime (and, with children, cutime+cstime) in
// clock ticks, and the parent pid, from /proc/PID/stat.
func procTimes(pid int, children bool) (int64, int, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces:
	// fields are counted after its closing parenthesis.
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, 0, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	f := strings.Fields(s[i+1:])
	// f[0] is field 3 (state); ppid is field 4, utime..cstime are 14..17.
	if len(f) < 15 {
		return 0, 0, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	ppid, _ := strconv.Atoi(f[1])
	last := 12
	if children {
		last = 14
	}
	var t int64
	for _, x := range f[11 : last+1] {
		n, _ := strconv.ParseInt(x, 10, 64)
		t += n
	}
	return t, ppid, nil
}

// Psql runs files in order in one psql session on url; strict stops at the
// first error (ON_ERROR_STOP), otherwise psql goes on as pg_regress does.
func Psql(t *testing.T, url string, strict bool, files ...string) {
	t.Helper()
	s := Shared(t)
	args := []string{"-X", "-q", "-d", url}
	if strict {
		args = append(args, "-v", "ON_ERROR_STOP=1")
	}
	for _, f := range files {
		args = append(args, "-f", f)
	}
	cmd := exec.Command(filepath.Join(s.Bin, "psql"), args...)
	cmd.Env = s.Env()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("psql %s: %v: %s", strings.Join(files, " "), err, out)
	}
}

// PgDumpSchema returns `pg_dump -s` of url with args, without the lines
// that name the dump's version or session (its banner, \restrict), so two
// databases with the same schema give the same text.
func PgDumpSchema(t *testing.T, url string, args ...string) string {
	t.Helper()
	s := Shared(t)
	cmd := exec.Command(filepath.Join(s.Bin, "pg_dump"), append(append([]string{"-s"}, args...), "-d", url)...)
	cmd.Env = s.Env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pg_dump: %v: %s", err, out)
	}
	var keep []string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "-- Dumped") || strings.HasPrefix(l, `\restrict`) || strings.HasPrefix(l, `\unrestrict`) {
			continue
		}
		keep = append(keep, l)
	}
	return strings.Join(keep, "\n")
}
