package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/source"
)

// fingerprintPath is the path a fingerprint hashes for relPath (as relTo
// gives it): relative to the config's directory (the working directory
// without one), also for a file outside it, spelled with ../. relTo keeps
// such a file absolute, which no include glob matches; hashed, that
// absolute path would make every fingerprint depend on where the checkout
// lies, and a baseline or SARIF upload from one runner would match nothing
// on the next.
func fingerprintPath(cfg *config.Config, relPath string) string {
	if !filepath.IsAbs(relPath) {
		return relPath
	}
	dir := cfg.Dir
	if dir == "" {
		dir, _ = os.Getwd()
	}
	if rel, err := filepath.Rel(dir, relPath); err == nil {
		return filepath.ToSlash(rel)
	}
	return relPath
}

// setFingerprints gives each finding a fingerprint that identifies it across
// runs even when lines are added or removed above it: a hash of the path
// (relative to the config's directory, so it does not depend on how the path
// was spelled on the command line), the rule, the text of the statement it is in and the text it covers, all with
// whitespace collapsed. Findings that hash alike (the same problem twice in
// one file) are told apart by their order. fs must be sorted.
func setFingerprints(cfg *config.Config, f *source.File, relPath string, fs []Finding) {
	relPath = fingerprintPath(cfg, relPath)
	seen := map[[16]byte]int{}
	// Findings often share a statement: hash its collapsed text once.
	stmtHash := map[int][sha256.Size]byte{}
	var hexed [2 * sha256.Size]byte
	var buf []byte // what is hashed, reused: a fingerprint allocates only itself
	lastStmt, lastCtx := -1, [sha256.Size]byte{}
	for i := range fs {
		fd := &fs[i]
		// Sorted by position, a statement's findings mostly follow one
		// another: the last statement's hash spares most lookups.
		ctx, ok := lastCtx, fd.stmt >= 0 && fd.stmt == lastStmt
		if !ok && fd.stmt >= 0 {
			ctx, ok = stmtHash[fd.stmt]
		}
		if !ok {
			text := fd.Message
			if fd.stmt >= 0 && fd.stmt < len(f.Statements) {
				text = f.Statements[fd.stmt].Text()
			}
			buf = appendCollapsed(buf[:0], text)
			ctx = sha256.Sum256(buf)
			if fd.stmt >= 0 {
				stmtHash[fd.stmt] = ctx
			}
		}
		if fd.stmt >= 0 {
			lastStmt, lastCtx = fd.stmt, ctx
		}
		covered := ""
		if fd.StartOffset >= 0 && fd.EndOffset <= len(f.Text) && fd.StartOffset <= fd.EndOffset {
			covered = f.Text[fd.StartOffset:fd.EndOffset]
		}
		buf = append(buf[:0], relPath...)
		buf = append(buf, 0)
		buf = append(buf, fd.Rule.Name...)
		buf = append(buf, 0)
		buf = append(buf, ctx[:]...)
		buf = append(buf, 0)
		buf = appendCollapsed(buf, covered)
		buf = append(buf, 0)
		sum := sha256.Sum256(buf)
		key := [16]byte(sum[:16])
		hex.Encode(hexed[:], key[:])
		fp := string(hexed[:32])
		n := seen[key] + 1
		seen[key] = n
		if n > 1 {
			fp += ":" + strconv.Itoa(n)
		}
		fd.Fingerprint = fp
	}
}

// appendCollapsed appends s with whitespace collapsed, as
// strings.Join(strings.Fields(s), " ") would build it, without building it.
func appendCollapsed(out []byte, s string) []byte {
	started, space := false, false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				space = true
			} else {
				if space && started {
					out = append(out, ' ')
				}
				started, space = true, false
				out = append(out, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			space = true
		} else {
			if space && started {
				out = append(out, ' ')
			}
			started, space = true, false
			out = append(out, s[i:i+size]...)
		}
		i += size
	}
	return out
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
