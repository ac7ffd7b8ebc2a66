package rules

import (
	"reflect"
	"sync"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// walkKey memoizes the flattened tree of the current statement.
type walkKey struct{}

// Nodes returns every node of the current statement's parse tree in
// pre-order, as the generated Go values (*pg_query.SelectStmt, ...; the
// *pg_query.Node wrappers included), nil in AtEnd. Several rules need the
// whole tree; the walk runs once per statement and they share the result.
func (p *Pass) Nodes() []any {
	if p.Stmt == nil || p.Stmt.Node == nil {
		return nil
	}
	return p.StmtMemo(walkKey{}, func() any {
		out := make([]any, 0, 64)
		WalkNodes(p.Stmt.Node, func(n any) bool {
			out = append(out, n)
			return true
		})
		return out
	}).([]any)
}

// Walk calls fn for m and, while fn returns true, for every message below
// it, in pre-order, children in field order.
func Walk(m protoreflect.Message, fn func(protoreflect.Message) bool) {
	if m == nil || !m.IsValid() {
		return
	}
	WalkNodes(m.Interface(), func(n any) bool {
		return fn(n.(protoreflect.ProtoMessage).ProtoReflect())
	})
}

// WalkNodes is Walk over the generated Go values: root is a message pointer
// such as *pg_query.Node.
//
// It walks the structs with a per-type plan of the fields that hold
// messages. protoreflect's Range allocates a value per field of every node,
// and converting between reflective and concrete messages per node cost as
// much again; together they made the walk the costliest part of checking a
// query-heavy file.
func WalkNodes(root any, fn func(any) bool) {
	w := walker{fn: fn, local: map[reflect.Type]*typePlan{}}
	w.walk(reflect.ValueOf(root))
}

type fieldKind uint8

const (
	msgPtr   fieldKind = iota // *Msg
	msgSlice                  // []*Msg
	oneof                     // interface holding *Wrapper{X *Msg}
)

type fieldPlan struct {
	index int
	kind  fieldKind
}

// typePlan describes a pointer-to-struct type: whether it is a message, its
// message-holding fields, and, for oneof wrappers, whether field 0 is one.
type typePlan struct {
	isMsg, wrapsMsg bool
	fields          []fieldPlan
}

var (
	plans       sync.Map // reflect.Type (pointer) -> *typePlan
	protoMsgTyp = reflect.TypeOf((*protoreflect.ProtoMessage)(nil)).Elem()
)

func isMsgPtr(t reflect.Type) bool {
	return t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && t.Implements(protoMsgTyp)
}

func buildPlan(t reflect.Type) *typePlan {
	p := &typePlan{isMsg: isMsgPtr(t)}
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return p
	}
	s := t.Elem()
	if !p.isMsg {
		p.wrapsMsg = s.NumField() > 0 && isMsgPtr(s.Field(0).Type)
		return p
	}
	for i := 0; i < s.NumField(); i++ {
		f := s.Field(i)
		if !f.IsExported() {
			continue
		}
		switch {
		case isMsgPtr(f.Type):
			p.fields = append(p.fields, fieldPlan{i, msgPtr})
		case f.Type.Kind() == reflect.Slice && isMsgPtr(f.Type.Elem()):
			p.fields = append(p.fields, fieldPlan{i, msgSlice})
		case f.Type.Kind() == reflect.Interface && f.Tag.Get("protobuf_oneof") != "":
			p.fields = append(p.fields, fieldPlan{i, oneof})
		}
	}
	return p
}

type walker struct {
	fn    func(any) bool
	local map[reflect.Type]*typePlan
}

func (w *walker) plan(t reflect.Type) *typePlan {
	if p, ok := w.local[t]; ok {
		return p
	}
	var p *typePlan
	if v, ok := plans.Load(t); ok {
		p = v.(*typePlan)
	} else {
		p = buildPlan(t)
		plans.Store(t, p)
	}
	w.local[t] = p
	return p
}

func (w *walker) walk(v reflect.Value) {
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.IsNil() {
		return
	}
	p := w.plan(v.Type())
	if !p.isMsg || !w.fn(v.Interface()) {
		return
	}
	s := v.Elem()
	for _, f := range p.fields {
		fv := s.Field(f.index)
		switch f.kind {
		case msgPtr:
			w.walk(fv)
		case msgSlice:
			for i := 0; i < fv.Len(); i++ {
				w.walk(fv.Index(i))
			}
		case oneof:
			if fv.IsNil() {
				continue
			}
			wrapper := fv.Elem()
			if wrapper.Kind() == reflect.Pointer && !wrapper.IsNil() && w.plan(wrapper.Type()).wrapsMsg {
				w.walk(wrapper.Elem().Field(0))
			}
		}
	}
}
