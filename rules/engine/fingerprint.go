package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/sqlreview/sqlreview/rules/source"
)

// setFingerprints gives each finding a fingerprint that identifies it across
// runs even when lines are added or removed above it: a hash of the path
// (relative to the config's directory, so it does not depend on how the path
// was spelled on the command line), the rule, the text of the statement it is in and the text it covers, all with
// whitespace collapsed. Findings that hash alike (the same problem twice in
// one file) are told apart by their order. fs must be sorted.
func setFingerprints(f *source.File, relPath string, fs []Finding) {
	seen := map[string]int{}
	// Findings often share a statement: hash its collapsed text once.
	stmtHash := map[int][]byte{}
	h := sha256.New()
	var sum [sha256.Size]byte
	for i := range fs {
		fd := &fs[i]
		ctx, ok := stmtHash[fd.stmt]
		if !ok || fd.stmt < 0 {
			text := fd.Message
			if fd.stmt >= 0 && fd.stmt < len(f.Statements) {
				text = f.Statements[fd.stmt].Text()
			}
			h := sha256.New()
			writeCollapsed(h, text)
			ctx = h.Sum(nil)
			if fd.stmt >= 0 {
				stmtHash[fd.stmt] = ctx
			}
		}
		covered := ""
		if fd.StartOffset >= 0 && fd.EndOffset <= len(f.Text) && fd.StartOffset <= fd.EndOffset {
			covered = f.Text[fd.StartOffset:fd.EndOffset]
		}
		h.Reset()
		io.WriteString(h, relPath)
		h.Write(zero)
		io.WriteString(h, fd.Rule.Name)
		h.Write(zero)
		h.Write(ctx)
		h.Write(zero)
		writeCollapsed(h, covered)
		h.Write(zero)
		fp := hex.EncodeToString(h.Sum(sum[:0]))[:32]
		seen[fp]++
		if n := seen[fp]; n > 1 {
			fp += ":" + strconv.Itoa(n)
		}
		fd.Fingerprint = fp
	}
}

var zero = []byte{0}

// writeCollapsed writes s to w with whitespace collapsed, as
// strings.Join(strings.Fields(s), " ") would build it, without building it.
func writeCollapsed(w io.Writer, s string) {
	var buf [512]byte
	out := buf[:0]
	started, space := false, false
	for i := 0; i < len(s); {
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
		if len(out) >= len(buf)-8 {
			w.Write(out)
			out = out[:0]
		}
	}
	w.Write(out)
}
