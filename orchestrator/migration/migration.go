// Package migration reads migration files, parses them with the same parser
// `check` uses, classifies their transaction mode and lock levels, and
// hashes them: one file is one Migration, whatever runs it.
package migration

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/knowledge"
	"github.com/sqlreview/sqlreview/rules/migfile"
	"github.com/sqlreview/sqlreview/rules/source"
)

// ChecksumAlgorithm names how Migration.Checksum is computed; it is stored
// next to every checksum so a future change of algorithm is detectable
// rather than reported as an edited file.
const ChecksumAlgorithm = migfile.ChecksumAlgorithm

// Transaction modes of a migration file.
const (
	// TxFile runs the whole file and its history row in one transaction.
	TxFile = "file"
	// TxNone runs statement by statement, recording progress after each.
	TxNone = "none"
)

// Migration is one versioned file, parsed and classified.
type Migration struct {
	Version migfile.Version
	// Key is the canonical version ("1", "20240101.2"): equal versions
	// written differently ("0001", "1") have the same key.
	Key  string
	Name string // file base name
	Path string
	// Checksum is the hex sha256 of the content with CRLF line endings
	// turned into LF, so a checkout on Windows does not look like an edit.
	Checksum   string
	File       *source.File
	Statements []Stmt
	// TxMode is TxFile or TxNone; TxReason says why, for plan output.
	TxMode   string
	TxReason string
	// LockTimeout and StatementTimeout override the configured values for
	// this file when set by a directive.
	LockTimeout, StatementTimeout string
}

// Stmt is one statement exactly as the parser delimited it.
type Stmt struct {
	Index int
	Line  int
	SQL   string
	// Hash is the hex sha256 of SQL; resume compares it.
	Hash string
	// Outside names why it cannot run in a transaction block ("" = it can).
	Outside string
	// Wrapper marks a BEGIN/COMMIT that wraps the whole file: the runner's
	// own transaction replaces it, so it is not sent.
	Wrapper bool
	Lock    string
	Node    *pg_query.Node
}

// Checksum returns the content checksum used in the history.
func Checksum(data []byte) string { return migfile.Checksum(data) }

func hashStmt(sql string) string {
	sum := sha256.Sum256([]byte(sql))
	return hex.EncodeToString(sum[:])
}

// VersionKey is the canonical text of a version.
func VersionKey(v migfile.Version) string { return v.Key() }

// SourceFile is a migration file as read, once: what is reviewed, hashed,
// stored in a release and run are these bytes.
type SourceFile struct {
	// Name is the base name, which carries the version.
	Name string
	// Path is how messages name the file (on disk, or in the repository
	// for a release's file).
	Path string
	Data []byte
}

// LoadDir reads the versioned .sql files of dir (not its subdirectories), in
// apply order.
func LoadDir(dir string, pgVersion int) ([]*Migration, error) {
	files, err := ReadFiles(dir)
	if err != nil {
		return nil, err
	}
	return LoadFiles(files, pgVersion)
}

// ReadFiles reads each versioned .sql file of dir (not its
// subdirectories) once, in apply order.
func ReadFiles(dir string) ([]SourceFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("migrations directory %s: %v", dir, unwrapPathErr(err))
	}
	var paths []string
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".sql") {
			continue
		}
		if _, ok := migfile.Parse(e.Name()); !ok {
			if migfile.IsBytebaseLatest(e.Name()) || isSchemaDumpFile(filepath.Join(dir, e.Name())) {
				continue // written by rollout --write-schema or Bytebase; not a migration
			}
			return nil, fmt.Errorf("%s: the file name has no version; rename it like 20250115090000_add_users.sql", filepath.Join(dir, e.Name()))
		}
		paths = append(paths, filepath.Join(dir, e.Name()))
	}
	if d := migfile.Duplicates(paths); len(d) > 0 {
		return nil, fmt.Errorf("%s and %s have the same version; give one of them a new version", d[0][0], d[0][1])
	}
	paths = migfile.Sort(paths)
	out := make([]SourceFile, 0, len(paths))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", p, unwrapPathErr(err))
		}
		out = append(out, SourceFile{Name: filepath.Base(p), Path: p, Data: data})
	}
	return out, nil
}

// LoadFiles parses and classifies in-memory migration files (a release's,
// or a directory's as read) in apply order. Every name must carry a
// version, and versions must be unique.
func LoadFiles(files []SourceFile, pgVersion int) ([]*Migration, error) {
	byName := make(map[string]SourceFile, len(files))
	names := make([]string, 0, len(files))
	for _, f := range files {
		if _, ok := migfile.Parse(f.Name); !ok || filepath.Base(f.Name) != f.Name {
			return nil, fmt.Errorf("%s: the file name has no version; rename it like 20250115090000_add_users.sql", f.Path)
		}
		if _, dup := byName[f.Name]; dup {
			return nil, fmt.Errorf("%s is listed twice", f.Path)
		}
		byName[f.Name] = f
		names = append(names, f.Name)
	}
	if d := migfile.Duplicates(names); len(d) > 0 {
		return nil, fmt.Errorf("%s and %s have the same version; give one of them a new version", byName[d[0][0]].Path, byName[d[0][1]].Path)
	}
	out := make([]*Migration, 0, len(files))
	for _, name := range migfile.Sort(names) {
		f := byName[name]
		m, err := Load(f.Path, f.Data, pgVersion)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// Load parses and classifies one migration file.
func Load(path string, data []byte, pgVersion int) (*Migration, error) {
	v, ok := migfile.Parse(filepath.Base(path))
	if !ok {
		return nil, fmt.Errorf("%s: the file name has no version", path)
	}
	f := source.Parse(path, data)
	if f.Problem != nil {
		return nil, fmt.Errorf("%s: not a SQL text file", path)
	}
	m := &Migration{Version: v, Key: VersionKey(v), Name: filepath.Base(path), Path: path,
		Checksum: Checksum(data), File: f}
	for _, mc := range f.MetaCommands {
		if why := mc.Unsupported(); why != "" {
			return nil, fmt.Errorf("%s:%d: %s", path, f.Position(mc.Start).Line, why)
		}
	}
	for _, s := range f.Statements {
		if s.Err != nil || s.Node == nil {
			pos, msg := f.Position(s.Start), "syntax error"
			if s.Err != nil {
				pos, msg = f.Position(s.Err.Offset), s.Err.Summary()
			}
			return nil, fmt.Errorf("%s:%d:%d: %s; fix it (`sqlreview check %s` shows it)", path, pos.Line, pos.Column, msg, path)
		}
		st := Stmt{Index: len(m.Statements), Line: f.Position(s.Start).Line, SQL: s.Text(), Node: s.Node,
			Outside: knowledge.OutsideTransactionReason(s.Node, pgVersion), Lock: knowledge.StatementLock(s.Node, pgVersion).String()}
		st.Hash = hashStmt(st.SQL)
		if c := s.Node.GetCopyStmt(); c != nil && c.GetIsFrom() && c.GetFilename() == "" {
			pos := f.Position(s.Start)
			return nil, fmt.Errorf("%s:%d: COPY ... FROM STDIN is not supported by apply; load the data with INSERT or a separate tool", path, pos.Line)
		}
		m.Statements = append(m.Statements, st)
	}
	var txDirective string
	for _, c := range f.Comments {
		name, value, ok := knowledge.Directive(f.TokenText(c))
		if !ok {
			continue
		}
		pos := f.Position(c.Start)
		switch name {
		case "txmode":
			if value != TxNone && value != TxFile {
				return nil, fmt.Errorf("%s:%d: `sqlreview:txmode %s`: use `-- sqlreview:txmode none` or `-- sqlreview:txmode file`", path, pos.Line, value)
			}
			txDirective = value
		case "lock-timeout", "statement-timeout":
			if !validTimeout(value) {
				return nil, fmt.Errorf("%s:%d: `sqlreview:%s %s`: give a duration like 5s, 500ms or 2min", path, pos.Line, name, value)
			}
			if name == "lock-timeout" {
				m.LockTimeout = value
			} else {
				m.StatementTimeout = value
			}
		}
	}
	if err := m.classify(txDirective, pgVersion); err != nil {
		return nil, err
	}
	return m, nil
}

var timeoutRE = regexp.MustCompile(`^[0-9]+(us|ms|s|min|h|d)?$`)

func validTimeout(s string) bool { return timeoutRE.MatchString(s) }

// TransactionKind is the kind of a BEGIN/COMMIT/... statement (false for
// any other statement).
func TransactionKind(n *pg_query.Node) (pg_query.TransactionStmtKind, bool) {
	t := n.GetTransactionStmt()
	if t == nil {
		return 0, false
	}
	return t.GetKind(), true
}

// classify decides the transaction mode (knowledge.ClassifyTx, which
// `check` uses too) and refuses a statement-by-statement file whose
// session state a resumed run could not rebuild.
func (m *Migration) classify(txDirective string, pgVersion int) error {
	nodes := make([]*pg_query.Node, len(m.Statements))
	for i, s := range m.Statements {
		nodes[i] = s.Node
	}
	p := knowledge.ClassifyTx(nodes, txDirective, pgVersion)
	switch p.Problem {
	case knowledge.TxFileButOutside:
		s := m.Statements[p.At]
		return fmt.Errorf("%s:%d: `sqlreview:txmode file`, but %s cannot run inside a transaction; remove the directive or move the statement to its own file", m.Path, s.Line, s.Outside)
	case knowledge.TxFileButControl:
		s := m.Statements[p.At]
		return fmt.Errorf("%s:%d: `sqlreview:txmode file`, but the file controls transactions itself; remove its BEGIN/COMMIT or the directive", m.Path, s.Line)
	case knowledge.TxOutsideNotAtomic:
		o, other := m.Statements[p.At], m.Statements[p.Other]
		return fmt.Errorf("%s:%d: %s cannot run inside a transaction, but line %d must be atomic with the rest of the file; "+
			"move %s to a file of its own, or add `-- sqlreview:txmode none` to run the file statement by statement without atomicity",
			m.Path, o.Line, o.Outside, other.Line, o.Outside)
	}
	m.TxMode, m.TxReason = p.Mode, p.Reason
	if p.Wrapped {
		m.Statements[0].Wrapper = true
		m.Statements[len(m.Statements)-1].Wrapper = true
	}
	if p.StatementByStatement() {
		if bad := knowledge.NotResumableStatements(nodes); len(bad) > 0 {
			return fmt.Errorf("%s:%d: %s", m.Path, m.Statements[bad[0].Index].Line, bad[0].Message(p.Reason))
		}
	}
	return nil
}

// Hashes returns the statement hashes in order.
func (m *Migration) Hashes() []string {
	out := make([]string, len(m.Statements))
	for i, s := range m.Statements {
		out[i] = s.Hash
	}
	return out
}

// isSchemaDumpFile reports whether the file starts with the schema dump
// header (a Bytebase-style .db##LATEST.sql beside the migrations).
func isSchemaDumpFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(migfile.SchemaDumpHeader)+3)
	n, _ := io.ReadFull(f, head)
	return migfile.IsSchemaDump(head[:n])
}

// CompareKeys orders canonical version keys ("1" < "2" < "10",
// "20240101.2" < "20240101.10"): numerically, part by part.
func CompareKeys(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if len(pa[i]) != len(pb[i]) {
			if len(pa[i]) < len(pb[i]) {
				return -1
			}
			return 1
		}
		if c := strings.Compare(pa[i], pb[i]); c != 0 {
			return c
		}
	}
	return len(pa) - len(pb)
}

// Summary returns the start of a statement on one line, whitespace
// collapsed and cut after max characters, for progress and plan output.
func Summary(sql string, max int) string {
	out := make([]rune, 0, max+1)
	space := false
	for _, c := range sql {
		if c == '\n' || c == '\t' || c == '\r' || c == ' ' {
			space = true
			continue
		}
		if space && len(out) > 0 {
			out = append(out, ' ')
		}
		space = false
		out = append(out, c)
		if len(out) >= max {
			return string(out) + "…"
		}
	}
	return string(out)
}
