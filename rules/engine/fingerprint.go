package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

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
	for i := range fs {
		fd := &fs[i]
		ctx, ok := stmtHash[fd.stmt]
		if !ok || fd.stmt < 0 {
			text := fd.Message
			if fd.stmt >= 0 && fd.stmt < len(f.Statements) {
				text = f.Statements[fd.stmt].Text()
			}
			sum := sha256.Sum256([]byte(collapse(text)))
			ctx = sum[:]
			if fd.stmt >= 0 {
				stmtHash[fd.stmt] = ctx
			}
		}
		covered := ""
		if fd.StartOffset >= 0 && fd.EndOffset <= len(f.Text) && fd.StartOffset <= fd.EndOffset {
			covered = f.Text[fd.StartOffset:fd.EndOffset]
		}
		h := sha256.New()
		for _, part := range [][]byte{[]byte(relPath), []byte(fd.Rule.Name), ctx, []byte(collapse(covered))} {
			h.Write(part)
			h.Write([]byte{0})
		}
		fp := hex.EncodeToString(h.Sum(nil))[:32]
		seen[fp]++
		if n := seen[fp]; n > 1 {
			fp += ":" + strconv.Itoa(n)
		}
		fd.Fingerprint = fp
	}
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
