package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// confinedRepo makes a git work tree (a .git directory is enough to find
// the root) holding migrations and a config, next to a directory outside
// it; it returns the repository and the outside directory. OUTSIDE in the
// config stands for the outside directory's path.
func confinedRepo(t *testing.T, config string) (repo, outside string) {
	t.Helper()
	base, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	repo, outside = filepath.Join(base, "repo"), filepath.Join(base, "outside")
	for _, d := range []string{filepath.Join(repo, ".git"), filepath.Join(repo, "db", "migrations"), filepath.Join(outside, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		filepath.Join(repo, "db", ".sqlreview.yaml"):         strings.ReplaceAll(config, "OUTSIDE", outside),
		filepath.Join(repo, "db", "migrations", "001_a.sql"): "CREATE TABLE a (id bigint PRIMARY KEY);\n",
		filepath.Join(outside, "secret.txt"):                 "root:$6$Secret-Hash-Token:19000:0:99999:7:::\n",
		filepath.Join(repo, "db", "notsql.txt"):              "root:$6$Secret-Hash-Token:19000:0:99999:7:::\n",
		filepath.Join(repo, "db", "schema.sql"):              "CREATE TABLE s (id bigint PRIMARY KEY);\n",
	}
	for p, body := range files {
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Links from inside the repository to the outside directory.
	if err := os.Symlink(outside, filepath.Join(repo, "db", "out")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "sub"), filepath.Join(repo, "db", "deep")); err != nil {
		t.Fatal(err)
	}
	return repo, outside
}

// TestConfigPathsConfined: output files and lint.catalog named by a config
// file cannot reach outside its repository, by "..", an absolute path, a
// symbolic link or a ".." after a link; inside paths and paths given on
// the command line work.
func TestConfigPathsConfined(t *testing.T) {
	const tail = " is outside the repository (REPO); a config file can only name files inside its repository\n"
	for _, c := range []struct {
		name, config string
		line         int
		key, value   string
	}{
		{"output ..", "output: [{format: json, file: ../../outside/report.json}]\n", 1, "output[0].file", "../../outside/report.json"},
		{"output absolute", "output: [{format: json, file: OUTSIDE/report.json}]\n", 1, "output[0].file", "OUTSIDE/report.json"},
		{"output through a link", "output:\n  - {format: text, file: report.txt}\n  - {format: json, file: out/report.json}\n", 3, "output[1].file", "out/report.json"},
		{"output .. after a link", "output: [{format: json, file: deep/../report.json}]\n", 1, "output[0].file", "deep/../report.json"},
		{"catalog ..", "lint: {catalog: ../../outside/secret.txt}\n", 1, "lint.catalog", "../../outside/secret.txt"},
		{"catalog through a link", "lint:\n  catalog: out/secret.txt\n", 2, "lint.catalog", "out/secret.txt"},
		{"catalog .. after a link", "lint: {catalog: deep/../secret.txt}\n", 1, "lint.catalog", "deep/../secret.txt"},
	} {
		t.Run(c.name, func(t *testing.T) {
			repo, outside := confinedRepo(t, c.config)
			c.value = strings.ReplaceAll(c.value, "OUTSIDE", outside)
			code, out, errOut := runCLI(t, filepath.Join(repo, "db"), "", "check", "migrations")
			want := "sqlreview: " + filepath.Join(repo, "db", ".sqlreview.yaml") + ":" + strconv.Itoa(c.line) + ": " + c.key + ": \"" + c.value + "\"" +
				strings.ReplaceAll(tail, "REPO", repo)
			if code != exitError || errOut != want || out != "" {
				t.Errorf("exit %d\nstdout %q\nstderr %q\nwant 2, %q", code, out, errOut, want)
			}
			for _, p := range []string{filepath.Join(outside, "report.json"), filepath.Join(outside, "sub", "report.json"), filepath.Join(repo, "db", "report.txt")} {
				if _, err := os.Stat(p); err == nil {
					t.Errorf("%s was written", p)
				}
			}
		})
	}
}

// TestConfigPathsInside: the same keys inside the repository work, a path
// on the command line goes anywhere, and a catalog that is not SQL is
// reported without its content.
func TestConfigPathsInside(t *testing.T) {
	repo, outside := confinedRepo(t, "output: [{format: json, file: r.json}]\nlint: {catalog: schema.sql}\n")
	db := filepath.Join(repo, "db")
	if code, _, errOut := runCLI(t, db, "", "check", "migrations"); code != 0 {
		t.Fatalf("inside: exit %d %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(db, "r.json")); err != nil {
		t.Errorf("the report inside the repository was not written: %v", err)
	}
	if code, _, errOut := runCLI(t, db, "", "check", "--format", "json="+filepath.Join(outside, "cli.json"), "migrations"); code != 0 {
		t.Fatalf("--format json=outside: exit %d %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(outside, "cli.json")); err != nil {
		t.Errorf("the command line's report was not written: %v", err)
	}

	os.WriteFile(filepath.Join(db, ".sqlreview.yaml"), []byte("lint: {catalog: notsql.txt}\n"), 0o644)
	code, out, errOut := runCLI(t, db, "", "check", "migrations")
	want := "sqlreview: warning: " + filepath.Join(db, "notsql.txt") + ":1:1: schema file (lint.catalog): 1 statement(s) with syntax errors skipped; objects they define are unknown to the checks\n"
	if code != 0 || errOut != want || strings.Contains(out+errOut, "Secret-Hash") {
		t.Errorf("catalog not SQL: exit %d\nstderr %q\nwant %q", code, errOut, want)
	}
}
