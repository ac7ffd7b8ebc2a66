package release

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// thirdPartyNotices is THIRD_PARTY_NOTICES for one built binary: the license
// texts of everything linked into it, read from the module cache, so the
// list follows go.mod without anyone keeping it by hand:
//   - every Go module the binary's build info lists (LICENSE*, COPYING*,
//     NOTICE* files at the module root), with the license's name;
//   - the Go standard library and runtime;
//   - libpg_query's C sources inside pg_query_go: PostgreSQL's license
//     (LICENSE.POSTGRESQL, a module root file) and the protobuf-c and
//     xxHash notices, which live only in their source headers;
//   - the C library statically linked into Linux and Windows binaries.
func thirdPartyNotices(ctx context.Context, repo, bin string) ([]byte, error) {
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		return nil, fmt.Errorf("reading the module list of %s: %w", bin, err)
	}
	dirs, err := moduleDirs(ctx, repo)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("sqlreview includes the following third-party software. Each section names the\n" +
		"component, its version, its license, and reproduces the license text.\n")
	goroot, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return nil, err
	}
	if err := writeModuleNotice(&b, "Go standard library and runtime", info.GoVersion, strings.TrimSpace(string(goroot)), nil); err != nil {
		return nil, err
	}
	deps := info.Deps
	sort.Slice(deps, func(i, j int) bool { return deps[i].Path < deps[j].Path })
	for _, d := range deps {
		dir := dirs[d.Path]
		if dir == "" {
			return nil, fmt.Errorf("module %s is linked into the binary but not in the module cache (go mod download)", d.Path)
		}
		var extra []string
		if strings.HasPrefix(d.Path, "github.com/pganalyze/pg_query_go/") {
			extra = []string{"parser/include/protobuf-c/protobuf-c.h", "parser/include/xxhash/xxhash.h"}
		}
		if err := writeModuleNotice(&b, d.Path, d.Version, dir, extra); err != nil {
			return nil, err
		}
	}
	b.WriteString(cLibraryNotice(info))
	return b.Bytes(), nil
}

// moduleDirs maps each module of the build list to its directory.
func moduleDirs(ctx context.Context, repo string) (map[string]string, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-m", "-json", "all")
	cmd.Dir = repo
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -m all: %w", err)
	}
	dirs := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var m struct{ Path, Dir string }
		if err := dec.Decode(&m); err != nil {
			return nil, err
		}
		dirs[m.Path] = m.Dir
	}
	return dirs, nil
}

// writeModuleNotice writes one section: the module's license files at its
// root, then the leading comment of each extra source file (notices of
// vendored C code).
func writeModuleNotice(b *bytes.Buffer, name, version, dir string, extra []string) error {
	files, err := licenseFiles(dir)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%s %s: no LICENSE or COPYING file in %s", name, version, dir)
	}
	var texts []string
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return err
		}
		texts = append(texts, strings.TrimSpace(string(data)))
	}
	fmt.Fprintf(b, "\n%s\n%s %s\nLicense: %s\n", strings.Repeat("=", 78), name, version, LicenseName(texts[0]))
	for i, f := range files {
		fmt.Fprintf(b, "\n--- %s ---\n\n%s\n", f, texts[i])
	}
	for _, f := range extra {
		comment, err := leadingComment(filepath.Join(dir, f))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintf(b, "\n--- %s (%s) ---\n\n%s\n", f, LicenseName(comment), comment)
	}
	return nil
}

// licenseFiles are the license-like files at a module's root, sorted.
func licenseFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		up := strings.ToUpper(e.Name())
		if e.Type().IsRegular() && (strings.HasPrefix(up, "LICENSE") || strings.HasPrefix(up, "LICENCE") || strings.HasPrefix(up, "COPYING") || strings.HasPrefix(up, "NOTICE")) {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// LicenseName names a license from its text's wording (SPDX ids, joined
// with AND when one file carries two, as go.yaml.in/yaml's does).
func LicenseName(text string) string {
	has := func(s string) bool { return strings.Contains(text, s) }
	var names []string
	if has("Apache License") && has("Version 2.0") {
		names = append(names, "Apache-2.0")
	}
	if has("Mozilla Public License") {
		names = append(names, "MPL-2.0")
	}
	if has("Permission is hereby granted, free of charge") {
		names = append(names, "MIT")
	}
	switch {
	case has("Redistribution and use in source and binary forms") && (has("Neither the name") || has("names of its contributors")):
		names = append(names, "BSD-3-Clause")
	case has("Redistribution and use in source and binary forms"):
		names = append(names, "BSD-2-Clause")
	}
	if has("Permission to use, copy, modify, and/or distribute") {
		names = append(names, "ISC")
	}
	if has("PostgreSQL") && has("Permission to use, copy, modify, and distribute") {
		names = append(names, "PostgreSQL")
	}
	if has("free and unencumbered software released into the public domain") {
		names = append(names, "Unlicense")
	}
	if len(names) == 0 {
		return "see the text below"
	}
	return strings.Join(names, " AND ")
}

// leadingComment is a C file's first /* ... */ block without its "* " margin.
func leadingComment(name string) (string, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return "", err
	}
	s := string(data)
	start := strings.Index(s, "/*")
	end := strings.Index(s, "*/")
	if start < 0 || end < start {
		return "", errors.New(name + ": no leading comment with the license notice")
	}
	var lines []string
	for _, l := range strings.Split(s[start+2:end], "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimPrefix(strings.TrimPrefix(l, "*"), " ")
		lines = append(lines, l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n")), nil
}

// cLibraryNotice names the C runtime the binary carries. Linux binaries link
// glibc statically (LGPL-2.1-or-later): sqlreview's complete source is public,
// so anyone can relink it against a modified glibc, which is what the LGPL's
// static-linking clause asks. Windows binaries link mingw-w64's runtime
// (permissive: ZPL-2.1 and public domain parts). macOS links libSystem
// dynamically.
func cLibraryNotice(info *buildinfo.BuildInfo) string {
	var goos string
	for _, s := range info.Settings {
		if s.Key == "GOOS" {
			goos = s.Value
		}
	}
	head := "\n" + strings.Repeat("=", 78) + "\n"
	switch goos {
	case "linux":
		return head + "GNU C Library (glibc), statically linked\nLicense: LGPL-2.1-or-later\n\n" +
			"Source: https://sourceware.org/glibc/ (the Debian 12 package glibc 2.36).\n" +
			"To relink sqlreview with a modified glibc, build it from its public source:\n" +
			"CGO_ENABLED=1 go build -tags netgo,osusergo -ldflags '-extldflags -static' ./cmd/sqlreview\n"
	case "windows":
		return head + "mingw-w64 runtime, statically linked\nLicense: ZPL-2.1 and public domain (see https://www.mingw-w64.org/)\n"
	}
	return ""
}
