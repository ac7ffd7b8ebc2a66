package source

import "strings"

// ParseEdited is ParseCached for a new text of the file prev was parsed
// from (the language server's buffer after an edit): the statements the
// edit cannot have changed are taken from prev — moved by the edit's length
// change — and only the text around the edit is split and parsed again.
// Splitting the whole text cost more than the rest of reading a
// 5,000-statement file whose statements were all in the cache. The result
// is the File Parse returns for data; it falls back to a whole parse
// whenever the splice cannot be proved the same (prev's text needed psql
// state across statements, or the edit left the text around it split
// differently).
func ParseEdited(path string, data []byte, prev *File, cache *StmtCache) *File {
	if f := spliceParse(path, data, prev, cache); f != nil {
		return f
	}
	return parse(path, data, cache)
}

func spliceParse(path string, data []byte, prev *File, cache *StmtCache) *File {
	if prev == nil || !prev.plain || prev.Problem != nil || prev.Path != path || len(prev.Statements) == 0 {
		return nil
	}
	if checkText(data) != nil {
		return nil
	}
	text, old := string(data), prev.Text
	p := commonPrefix(old, text)
	q := commonSuffix(old[p:], text[p:])
	delta := len(text) - len(old)
	editEnd := len(old) - q // in old's offsets

	// Statements [0, a) end with a ';' before the edit: kept as they are.
	// Statement j is the first whose ';' lies after the edit: the text is
	// split again from the end of statement a-1 to the end of j, and the
	// statements after j are kept, moved by delta.
	stmts := prev.Statements
	a := 0
	for a < len(stmts) && stmts[a].Semi >= 0 && stmts[a].Semi+1 <= p {
		a++
	}
	from := 0
	if a > 0 {
		from = stmts[a-1].Semi + 1
	}
	j := a
	for j < len(stmts) && (stmts[j].Semi < 0 || stmts[j].Semi < editEnd) {
		j++
	}
	to := len(text)
	if j < len(stmts) {
		to = stmts[j].Semi + 1 + delta
	}
	if from > 0 && strings.HasPrefix(text[from:], "\xEF\xBB\xBF") {
		return nil // the lexer would take it for the text's byte order mark
	}

	f := &File{Path: path, Text: text}
	mid := &File{Path: path, Text: text}
	mid.splitRange(from, to)
	if !mid.plain {
		return nil
	}
	if j < len(stmts) {
		// The text after j is kept only if the new text's split is back
		// in step there: its last statement ends at j's ';'.
		n := len(mid.Statements)
		if n == 0 || mid.Statements[n-1].Semi != to-1 {
			return nil
		}
	}

	headTok := 0
	if a > 0 {
		headTok = stmts[a-1].TokN
	}
	tailTok, tailStmts := len(prev.Tokens), stmts[:0]
	if j+1 < len(stmts) {
		tailTok, tailStmts = stmts[j+1].Tok0, stmts[j+1:]
	}
	f.Tokens = make([]Token, 0, headTok+len(mid.Tokens)+len(prev.Tokens)-tailTok)
	f.Tokens = append(f.Tokens, prev.Tokens[:headTok]...)
	f.Tokens = append(f.Tokens, mid.Tokens...)
	tokShift := len(f.Tokens) - tailTok
	for _, t := range prev.Tokens[tailTok:] {
		t.Start += delta
		t.End += delta
		f.Tokens = append(f.Tokens, t)
	}
	oldTo := to - delta
	for _, c := range prev.Comments {
		if c.End <= from {
			f.Comments = append(f.Comments, c)
		}
	}
	f.Comments = append(f.Comments, mid.Comments...)
	for _, c := range prev.Comments {
		if c.Start >= oldTo && j < len(stmts) {
			c.Start += delta
			c.End += delta
			f.Comments = append(f.Comments, c)
		}
	}

	// One allocation for all statements: a file of thousands would
	// otherwise allocate each again on every keystroke.
	slab := make([]Statement, a+len(mid.Statements)+len(tailStmts))
	f.Statements = make([]*Statement, len(slab))
	for i, s := range stmts[:a] {
		slab[i] = *s
		slab[i].file, slab[i].body = f, nil
	}
	for k, s := range mid.Statements {
		i := a + k
		slab[i] = *s
		slab[i].Index, slab[i].file = i, f
		slab[i].Tok0 += headTok
		slab[i].TokN += headTok
	}
	for k, s := range tailStmts {
		i := a + len(mid.Statements) + k
		slab[i] = *s
		t := &slab[i]
		t.Index, t.file, t.body = i, f, nil
		t.Start += delta
		t.End += delta
		if t.Semi >= 0 {
			t.Semi += delta
		}
		t.base += delta
		t.Tok0 += tokShift
		t.TokN += tokShift
		if s.Err != nil {
			e := *s.Err
			e.Offset += delta
			e.End += delta
			t.Err = &e
		}
		t.NewerSyntax = shiftNewer(s.NewerSyntax, delta)
	}
	for i := range slab {
		f.Statements[i] = &slab[i]
	}
	f.plain = true
	f.lines = NewLines(text)
	f.parseUnparsed(f.Statements[a:a+len(mid.Statements)], cache)
	f.parseBodies()
	return f
}

// commonPrefix returns the length of the longest common prefix of a and b.
func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i+64 <= n && a[i:i+64] == b[i:i+64] {
		i += 64
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix returns the length of the longest common suffix of a and b.
func commonSuffix(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i+64 <= n && a[len(a)-i-64:len(a)-i] == b[len(b)-i-64:len(b)-i] {
		i += 64
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}
