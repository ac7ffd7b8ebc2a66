// Package migfile reads versions out of migration file names and orders
// migration files the way they are applied.
//
// Accepted forms (the extension ".sql" is optional and matched case-insensitively):
//
//	20250115_add_users.sql                 version 20250115, desc "add_users"
//	V2__users.sql, v1.2.3_x.sql            Flyway style: optional V, dotted parts
//	0001_1510262030_initial_schema.sql     only the leading digit run: version 1
//	202501150901_seed_data_dml.sql         a trailing _ddl / _dml sets the kind
//	shop##20250101##ddl##add_table.sql     legacy Bytebase db##version##type##desc
//
// Versions are kept as digit strings, never converted to machine integers:
// real histories use versions such as 20210816142650000002 that overflow uint64.
package migfile

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"slices"
	"strings"
)

// Kinds of change a file name can declare. An empty Kind means the name
// did not say; callers treat such files as schema changes.
const (
	KindDDL = "ddl"
	KindDML = "dml"
)

// Version is the version parsed from a migration file name.
type Version struct {
	// Parts are the dotted numeric parts, each a decimal digit string with
	// leading zeros removed ("0" for zero), so equal numbers have equal text.
	Parts []string
	// Raw is the version exactly as written in the name, including a V
	// prefix and leading zeros ("V1.2", "0001").
	Raw string
	// Desc is the rest of the name without separators, the _ddl/_dml
	// suffix and the extension; it may be empty.
	Desc string
	// Kind is KindDDL, KindDML or "" when the name does not say.
	Kind string
	// Database is the database field of the legacy Bytebase form
	// (db##version##type##desc); empty for every other form.
	Database string
}

// String returns the canonical version: parts without leading zeros joined
// by dots ("1.2.3", "20250115"). The zero Version gives "".
func (v Version) String() string {
	return strings.Join(v.Parts, ".")
}

// IsZero reports whether v holds no version (Parse returned false).
func (v Version) IsZero() bool { return len(v.Parts) == 0 }

// Parse extracts the version from a migration file's base name (any
// directory part is ignored). It returns false when the name carries no
// version; such files are still linted but sort after the versioned ones.
func Parse(name string) (Version, bool) {
	name = filepath.Base(name)
	stem := name
	if len(stem) >= 4 && strings.EqualFold(stem[len(stem)-4:], ".sql") {
		stem = stem[:len(stem)-4]
	}
	if strings.Contains(stem, "##") {
		return parseBytebase(stem)
	}
	raw, parts, rest := scanVersion(stem)
	if parts == nil {
		return Version{}, false
	}
	v := Version{Parts: parts, Raw: raw}
	v.Desc, v.Kind = splitKind(strings.TrimLeft(rest, "_-. "))
	return v, true
}

// parseBytebase handles db##version##type##desc, the naming of Bytebase's
// older built-in VCS flow. The whole version field must be a version, so
// write-back files such as "db##LATEST.sql" are not versioned.
func parseBytebase(stem string) (Version, bool) {
	fields := strings.Split(stem, "##")
	raw, parts, rest := scanVersion(fields[1])
	if parts == nil || rest != "" {
		return Version{}, false
	}
	v := Version{Parts: parts, Raw: raw, Database: fields[0]}
	if len(fields) > 2 {
		switch strings.ToLower(fields[2]) {
		// Bytebase also spelled the types "migrate" and "data".
		case "ddl", "migrate":
			v.Kind = KindDDL
		case "dml", "data":
			v.Kind = KindDML
		}
	}
	if len(fields) > 3 {
		v.Desc = strings.Join(fields[3:], "##")
	}
	return v, true
}

// scanVersion reads an optional V prefix and dot-separated digit runs from
// the start of s. parts is nil when s does not start with a version.
func scanVersion(s string) (raw string, parts []string, rest string) {
	i := 0
	if i < len(s) && (s[i] == 'V' || s[i] == 'v') {
		i++
	}
	for {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i {
			break
		}
		parts = append(parts, trimZeros(s[i:j]))
		i = j
		// A dot continues the version only when a digit follows, so "1.sql"
		// stripped to "1" and "1.down" both stop at the dot.
		if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
			i++
			continue
		}
		break
	}
	if parts == nil {
		return "", nil, s
	}
	return s[:i], parts, s[i:]
}

// splitKind removes a trailing _ddl/_dml (any case) from desc and returns it
// as the kind; a desc that is only "ddl" or "dml" is the kind too.
func splitKind(desc string) (string, string) {
	lower := strings.ToLower(desc)
	for _, k := range []string{KindDDL, KindDML} {
		switch {
		case lower == k:
			return "", k
		case strings.HasSuffix(lower, "_"+k):
			return desc[:len(desc)-len(k)-1], k
		}
	}
	return desc, ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func trimZeros(d string) string {
	t := strings.TrimLeft(d, "0")
	if t == "" {
		return "0"
	}
	return t
}

// Compare orders versions numerically part by part (1.10 > 1.9, 2 > 1.5);
// when one version is a prefix of the other the shorter one is smaller
// (1.2 < 1.2.1). It returns -1, 0 or +1. Raw spelling does not matter:
// "0001" equals "1".
func Compare(a, b Version) int {
	for i := 0; i < len(a.Parts) && i < len(b.Parts); i++ {
		if c := compareDigits(a.Parts[i], b.Parts[i]); c != 0 {
			return c
		}
	}
	switch {
	case len(a.Parts) < len(b.Parts):
		return -1
	case len(a.Parts) > len(b.Parts):
		return 1
	}
	return 0
}

// compareDigits compares two decimal digit strings as numbers of any size.
func compareDigits(a, b string) int {
	a, b = trimZeros(a), trimZeros(b)
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// CompareNames orders two migration file paths: versioned files by version,
// then by base name, then by full path; unversioned files after all
// versioned ones, by base name, then by full path. The full-path tie-break
// makes the order total, so sorting is deterministic.
func CompareNames(a, b string) int {
	va, oka := Parse(a)
	vb, okb := Parse(b)
	return compareParsed(a, b, va, vb, oka, okb)
}

func compareParsed(a, b string, va, vb Version, oka, okb bool) int {
	switch {
	case oka && !okb:
		return -1
	case !oka && okb:
		return 1
	case oka && okb:
		if c := Compare(va, vb); c != 0 {
			return c
		}
	}
	if c := strings.Compare(filepath.Base(a), filepath.Base(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// Sort returns a new slice with paths in migration order (see CompareNames).
// The input is not modified.
func Sort(paths []string) []string {
	type entry struct {
		path string
		v    Version
		ok   bool
	}
	entries := make([]entry, len(paths))
	for i, p := range paths {
		v, ok := Parse(p)
		entries[i] = entry{p, v, ok}
	}
	slices.SortStableFunc(entries, func(x, y entry) int {
		return compareParsed(x.path, y.path, x.v, y.v, x.ok, y.ok)
	})
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.path
	}
	return out
}

// Duplicates returns the groups of files that share a directory and a
// version (compared numerically, so "0001_a.sql" and "1_b.sql" collide):
// the runner could not order them, so the caller reports an error. Each
// group is in migration order; groups are ordered by directory, then
// version. Unversioned files never collide, and a path listed twice is
// counted once.
func Duplicates(paths []string) [][]string {
	type key struct{ dir, version string }
	groups := map[key][]string{}
	seen := map[string]bool{}
	for _, p := range paths {
		if seen[p] {
			continue
		}
		seen[p] = true
		v, ok := Parse(p)
		if !ok {
			continue
		}
		k := key{filepath.Dir(p), v.String()}
		groups[k] = append(groups[k], p)
	}
	var out [][]string
	for _, g := range groups {
		if len(g) > 1 {
			out = append(out, Sort(g))
		}
	}
	slices.SortFunc(out, func(x, y []string) int {
		if c := strings.Compare(filepath.Dir(x[0]), filepath.Dir(y[0])); c != 0 {
			return c
		}
		return CompareNames(x[0], y[0])
	})
	return out
}

// SchemaDumpHeader opens every schema dump sqlreview writes (`schema dump`,
// rollout --write-schema). Such a file describes a database, it is not a
// migration: check, the language server and apply skip it, and it can be
// lint.catalog.
const SchemaDumpHeader = "-- sqlreview schema dump"

// IsSchemaDump reports whether a file's content starts with
// SchemaDumpHeader (after an optional UTF-8 byte order mark).
func IsSchemaDump(data []byte) bool {
	s := strings.TrimPrefix(string(data[:min(len(data), len(SchemaDumpHeader)+3)]), "\uFEFF")
	return strings.HasPrefix(s, SchemaDumpHeader)
}

// IsBytebaseLatest reports whether name is Bytebase's schema write-back
// file, <db>##LATEST.sql (".employee##LATEST.sql" by default), which
// Bytebase rewrites after every migration without sqlreview's header. It
// describes a database, never a migration, so a repository moving from
// Bytebase can keep it beside the migrations.
func IsBytebaseLatest(name string) bool {
	stem := filepath.Base(name)
	if len(stem) < 4 || !strings.EqualFold(stem[len(stem)-4:], ".sql") {
		return false
	}
	db, latest, ok := strings.Cut(stem[:len(stem)-4], "##")
	return ok && db != "" && strings.EqualFold(latest, "LATEST")
}

// IsSchemaDumpFile reports whether the file at path holding data is a
// schema dump: sqlreview's (by its header) or Bytebase's (by its name).
func IsSchemaDumpFile(path string, data []byte) bool {
	return IsSchemaDump(data) || IsBytebaseLatest(path)
}

// ChecksumAlgorithm names how Checksum is computed; the migration history
// stores it next to every checksum so a future change of algorithm is
// detectable rather than reported as an edited file.
const ChecksumAlgorithm = "sha256-lf"

// Checksum is the content checksum the migration history records: the hex
// sha256 of the content with CRLF line endings turned into LF, so a
// checkout on Windows does not look like an edit.
func Checksum(data []byte) string {
	norm := strings.ReplaceAll(string(data), "\r\n", "\n")
	sum := sha256.Sum256([]byte(norm))
	return hex.EncodeToString(sum[:])
}

// Key is the canonical text of a version ("1", "20240101.2"): equal
// versions written differently ("0001", "1") have the same key, the one
// the migration history records.
func (v Version) Key() string { return strings.Join(v.Parts, ".") }
