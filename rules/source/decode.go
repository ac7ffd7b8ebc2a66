package source

import (
	"errors"
	"unicode/utf8"
	"unsafe"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/reflect/protoreflect"
)

//go:generate go run ./internal/decodegen/main.go -o decode_gen.go

// The parse tree comes from libpg_query as protobuf bytes. pg_query.Parse
// decodes them with proto.Unmarshal, whose table- and reflection-driven
// decoding was the largest single cost of parsing. decode_gen.go (by
// internal/decodegen) has one decoding function per message type instead,
// writing pg_query_go's own structs, with proto.Unmarshal's semantics:
//
//   - a field that appears twice: the last scalar wins, messages merge,
//     repeated fields append; a oneof set to another member is replaced;
//   - fields with an unknown number, or a wire type their field cannot
//     have, are kept as unknown fields (so proto.Equal and proto.Marshal,
//     which Deparse uses, see what proto.Unmarshal would have produced);
//   - strings must be valid UTF-8 (proto3);
//   - messages nested deeper than maxTreeDepth, truncated or otherwise
//     malformed input are an error, never a panic.

// maxTreeDepth is proto.Unmarshal's default recursion limit: the root
// message counts as one level. Deeper input is refused with errTooDeep.
const maxTreeDepth = protowire.DefaultRecursionLimit

var (
	errMalformed   = errors.New("parse tree: malformed protobuf data")
	errTooDeep     = errors.New("parse tree: messages nested too deeply")
	errInvalidUTF8 = errors.New("string field contains invalid UTF-8")
)

// decoder holds what a decoding shares across messages.
type decoder struct {
	// text is where strings are copied to: a block of bytes never written
	// again once a string points into it, so that a tree's strings take
	// a few allocations instead of one each (about one field in five is
	// a string). A string keeps its block alive, a few KB at most, not
	// the protobuf input.
	text      []byte
	textBlock int
}

// Strings up to maxBlockString bytes are copied into blocks of
// textBlockSize bytes (smaller for a small tree: its strings fit in the
// input's size); longer ones are allocated alone.
const (
	textBlockSize  = 4096
	maxBlockString = 256
)

// decodeTree decodes libpg_query's protobuf parse result.
func decodeTree(b []byte) (*pg_query.ParseResult, error) {
	d := decoder{textBlock: min(len(b), textBlockSize)}
	res := new(pg_query.ParseResult)
	if err := decodeParseResult(&d, b, res, maxTreeDepth); err != nil {
		return nil, err
	}
	return res, nil
}

// str returns a string field's value.
func (d *decoder) str(v []byte) (string, error) {
	if !utf8.Valid(v) {
		return "", errInvalidUTF8
	}
	if len(v) == 0 || len(v) > maxBlockString {
		return string(v), nil
	}
	if len(v) > cap(d.text)-len(d.text) {
		d.text = make([]byte, 0, max(d.textBlock, len(v)))
	}
	start := len(d.text)
	d.text = append(d.text, v...)
	return unsafe.String(&d.text[start], len(v)), nil
}

// consumeVarint is protowire.ConsumeVarint with the one-byte case inlined.
func consumeVarint(b []byte) (uint64, int) {
	if len(b) > 0 && b[0] < 0x80 {
		return uint64(b[0]), 1
	}
	return protowire.ConsumeVarint(b)
}

// consumeTag reads a field's tag; n < 0 when it is malformed, has a field
// number out of range, or is an end-group marker (a message decoded here is
// never inside a group).
func consumeTag(b []byte) (num protowire.Number, typ protowire.Type, n int) {
	v, n := consumeVarint(b)
	if n < 0 {
		return 0, 0, n
	}
	if num := v >> 3; num < uint64(protowire.MinValidNumber) || num > uint64(protowire.MaxValidNumber) {
		return 0, 0, -1
	}
	typ = protowire.Type(v & 7)
	if typ == protowire.EndGroupType {
		return 0, 0, -1
	}
	return protowire.Number(v >> 3), typ, n
}

// consumeBytes reads a length-delimited value: v is its content, n the
// bytes used including the length, negative when malformed.
func consumeBytes(b []byte) (v []byte, n int) {
	l, n := consumeVarint(b)
	if n < 0 {
		return nil, n
	}
	if l > uint64(len(b)-n) {
		return nil, -1
	}
	return b[n : n+int(l)], n + int(l)
}

// appendUnknown appends the field at b (its tag already read) to unknown as
// proto.Unmarshal keeps it, and returns how many bytes of b it used, < 0
// when malformed.
func appendUnknown(unknown []byte, num protowire.Number, typ protowire.Type, b []byte) ([]byte, int) {
	n := protowire.ConsumeFieldValue(num, typ, b)
	if n < 0 {
		return unknown, n
	}
	unknown = protowire.AppendTag(unknown, num, typ)
	return append(unknown, b[:n]...), n
}

// keepUnknown adds unknown fields to m's. Only input that libpg_query does
// not write gets here, so it may go through protoreflect.
func keepUnknown(m protoreflect.ProtoMessage, unknown []byte) {
	r := m.ProtoReflect()
	r.SetUnknown(append(r.GetUnknown(), unknown...))
}

// appendPackedUint64 appends the varints of a packed repeated field.
func appendPackedUint64(dst []uint64, b []byte) ([]uint64, error) {
	for len(b) > 0 {
		v, n := consumeVarint(b)
		if n < 0 {
			return dst, errMalformed
		}
		dst = append(dst, v)
		b = b[n:]
	}
	return dst, nil
}

// skipField returns the length of the value at b of a field with tag num
// and typ, < 0 when malformed.
func skipField(num protowire.Number, typ protowire.Type, b []byte) int {
	switch typ {
	case protowire.BytesType:
		_, n := consumeBytes(b)
		return n
	case protowire.VarintType:
		_, n := consumeVarint(b)
		return n
	}
	return protowire.ConsumeFieldValue(num, typ, b)
}
