package rules

//go:generate go run ./internal/walkgen/main.go -o walk_gen.go

// walkKey memoizes the flattened tree of the current statement.
type walkKey struct{}

// Nodes returns every node of the current statement's parse tree in
// pre-order, as the generated Go values (*pg_query.SelectStmt, ...; the
// *pg_query.Node wrappers included), nil in AtEnd. Several rules need the
// whole tree; the walk runs once per statement and they share the result.
// The slice is valid until the engine moves to the next statement: its
// array is reused for every statement of the file.
func (p *Pass) Nodes() []any {
	if p.Stmt == nil || p.Stmt.Node == nil {
		return nil
	}
	return p.StmtMemo(walkKey{}, func() any {
		buf := p.FileMemo(nodesBufKey{}, func() any { return &nodesBuf{} }).(*nodesBuf)
		out := buf.nodes[:0]
		WalkNodes(p.Stmt.Node, func(n any) bool {
			out = append(out, n)
			return true
		})
		// Keep the (possibly grown) array for the next statement, and
		// clear what is left of the previous one so its tree can go.
		if buf.used > len(out) {
			clear(out[len(out):buf.used])
		}
		buf.nodes, buf.used = out, len(out)
		return out
	}).([]any)
}

// nodesBuf is the array Nodes reuses across a file's statements; used is
// how much of it the last statement filled.
type nodesBuf struct {
	nodes []any
	used  int
}

type nodesBufKey struct{}

// WalkNodes calls fn for root and, while fn returns true, for every message
// below it, in pre-order, children in field order; root is a message
// pointer such as *pg_query.Node.
//
// It runs the walker generated from pg_query_go's types (walk_gen.go, by
// rules/internal/walkgen): one function per message type, children in field
// order. A reflective walk with per-type field plans cost a map lookup per
// node and was the largest part of checking a query-heavy file with every
// rule on; protoreflect's Range before it allocated a value per field.
// A root that is not a pg_query message is passed to fn alone.
func WalkNodes(root any, fn func(any) bool) {
	if !walkGenerated(root, fn) && root != nil {
		fn(root)
	}
}
