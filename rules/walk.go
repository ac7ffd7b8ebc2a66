package rules

import (
	"reflect"
	"sync"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// walkKey memoizes the flattened tree of the current statement.
type walkKey struct{}

// Messages returns every message of the current statement's parse tree in
// pre-order (nil in AtEnd). Several rules need the whole tree; the walk runs
// once per statement and they share the result.
func (p *Pass) Messages() []protoreflect.Message {
	if p.Stmt == nil || p.Stmt.Node == nil {
		return nil
	}
	return p.StmtMemo(walkKey{}, func() any {
		var out []protoreflect.Message
		Walk(p.Stmt.Node.ProtoReflect(), func(m protoreflect.Message) bool {
			out = append(out, m)
			return true
		})
		return out
	}).([]protoreflect.Message)
}

// Walk calls fn for m and, while fn returns true, for every message below
// it, in pre-order, children in field order.
//
// It walks the generated Go structs with a per-type plan of the fields that
// hold messages, instead of protoreflect's Range: Range allocates a value per
// field of every node, which made the walk the costliest part of checking a
// query-heavy file.
func Walk(m protoreflect.Message, fn func(protoreflect.Message) bool) {
	if m == nil || !m.IsValid() {
		return
	}
	walkValue(reflect.ValueOf(m.Interface()), fn)
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

var (
	plans       sync.Map // reflect.Type (struct) -> []fieldPlan
	protoMsgTyp = reflect.TypeOf((*protoreflect.ProtoMessage)(nil)).Elem()
)

func isMsgPtr(t reflect.Type) bool {
	return t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && t.Implements(protoMsgTyp)
}

func planFor(t reflect.Type) []fieldPlan {
	if p, ok := plans.Load(t); ok {
		return p.([]fieldPlan)
	}
	var out []fieldPlan
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		switch {
		case isMsgPtr(f.Type):
			out = append(out, fieldPlan{i, msgPtr})
		case f.Type.Kind() == reflect.Slice && isMsgPtr(f.Type.Elem()):
			out = append(out, fieldPlan{i, msgSlice})
		case f.Type.Kind() == reflect.Interface && f.Tag.Get("protobuf_oneof") != "":
			out = append(out, fieldPlan{i, oneof})
		}
	}
	plans.Store(t, out)
	return out
}

func walkValue(v reflect.Value, fn func(protoreflect.Message) bool) {
	if !v.IsValid() || v.IsNil() {
		return
	}
	if !fn(v.Interface().(protoreflect.ProtoMessage).ProtoReflect()) {
		return
	}
	s := v.Elem()
	for _, f := range planFor(s.Type()) {
		fv := s.Field(f.index)
		switch f.kind {
		case msgPtr:
			walkValue(fv, fn)
		case msgSlice:
			for i := 0; i < fv.Len(); i++ {
				walkValue(fv.Index(i), fn)
			}
		case oneof:
			if fv.IsNil() {
				continue
			}
			w := fv.Elem() // *Wrapper
			if w.Kind() != reflect.Pointer || w.IsNil() || w.Elem().NumField() == 0 {
				continue
			}
			if inner := w.Elem().Field(0); isMsgPtr(inner.Type()) {
				walkValue(inner, fn)
			}
		}
	}
}
