package source

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/encoding/protowire"
)

//go:generate go run ./internal/decodegen/main.go -o decode_gen.go

// The parse tree comes from libpg_query as JSON. Its protobuf output, which
// pg_query.Parse takes, costs four times as much in C as the JSON (the
// protobuf-c packer walks all ~270 members of the Node oneof for every
// node, to size it and again to pack it), more than the parse itself.
// decode_gen.go (by internal/decodegen) has one decoding function per
// message type, writing pg_query_go's own structs from the JSON that
// libpg_query's outfuncs write: an object per message keyed by the fields'
// JSON names (a Node by its member's type name), enums by value name,
// lists as arrays, zero values left out. The trees are those
// pg_query.Parse builds (TestDecodeTreeMatchesParseOnCorpus).
//
// The JSON is read by the small scanner below rather than a library
// tokenizer: libpg_query writes compact, machine-made JSON, and the
// generated code knows what each key holds, so there is no token to
// classify. Reading every token of pg-regress's trees and building nothing
// took 1.6-2.3 µs per statement with this scanner and 4.8-6.0 µs with
// jsontext.Decoder.ReadToken (BenchmarkJSONTokenize, three runs on a
// loaded 2-core machine: about 3x faster in the best of each); building
// the trees took 5.1 µs per statement, the protobuf decoder it replaced
// 7.8 µs (BenchmarkDecodeTree).
//
// It reads a strict subset of JSON. As protojson.Unmarshal does, it
// refuses unknown fields or enum names, a field given twice, two members
// of one oneof, numbers out of their field's range and strings that are
// not UTF-8; it also refuses what libpg_query never writes, such as null
// for a message, non-integral numbers for an integer, escaped keys or
// lone surrogates. Messages nested deeper than maxTreeDepth, truncated or
// otherwise malformed input are an error, never a panic.

// maxTreeDepth is proto.Unmarshal's (and protojson's) default recursion
// limit: the root message counts as one level. Deeper input is refused
// with errTooDeep.
const maxTreeDepth = protowire.DefaultRecursionLimit

var (
	errMalformed   = errors.New("parse tree: malformed JSON from libpg_query")
	errTooDeep     = errors.New("parse tree: messages nested too deeply")
	errInvalidUTF8 = errors.New("string field contains invalid UTF-8")
	errDuplicate   = errors.New("parse tree: a field or oneof set twice")
	errRange       = errors.New("parse tree: number out of range for its field")
)

// decoder reads one JSON parse tree. The first error stops it: every
// reading method then returns zero values and every loop ends.
type decoder struct {
	in  string
	pos int
	err error

	// text is where strings are copied to: a block of bytes never written
	// again once a string points into it, so that a tree's strings take
	// a few allocations instead of one each. A string keeps its block
	// alive, a few KB at most, not the JSON input.
	text      []byte
	textBlock int

	*scratch
}

// scratch is the decoder's working memory, kept from one tree to the next
// (growing it again for each tree cost 1.4 allocations per statement).
type scratch struct {
	// nodes holds the elements of the Node lists being read, innermost
	// last, so that each list is allocated once at its final size.
	nodes []*pg_query.Node
	// unescaped is where a string with escapes is decoded to.
	unescaped []byte
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// maxScratch bounds the scratch kept for the next tree, in elements.
const maxScratch = 1 << 14

// Strings up to maxBlockString bytes are copied into blocks of
// textBlockSize bytes, smaller for a small tree: a sixteenth of its JSON
// holds its strings most of the time (6% of pg-regress's JSON is string
// values); longer ones are allocated alone.
const (
	textBlockSize  = 4096
	maxBlockString = 256
)

// decodeTree decodes libpg_query's JSON parse result.
func decodeTree(in string) (*pg_query.ParseResult, error) {
	d := decoder{in: in, textBlock: min(len(in)/16+32, textBlockSize), scratch: scratches.Get().(*scratch)}
	res := new(pg_query.ParseResult)
	jsonParseResult(&d, res, maxTreeDepth)
	d.space()
	if d.err == nil && d.pos != len(d.in) {
		d.fail(errMalformed)
	}
	if cap(d.nodes) <= maxScratch && cap(d.unescaped) <= maxScratch {
		clear(d.nodes[:cap(d.nodes)])
		d.nodes = d.nodes[:0]
		scratches.Put(d.scratch)
	}
	if d.err != nil {
		return nil, d.err
	}
	return res, nil
}

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// unknownField fails on key, not a field of message msg.
func (d *decoder) unknownField(key, msg string) {
	if d.err == nil {
		if len(key) > 64 {
			key = key[:64] + "..."
		}
		d.err = fmt.Errorf("parse tree: unknown field %q in %s", key, msg)
	}
}

// once marks the field (or oneof) bit of a message as read, failing when
// it already was.
func (d *decoder) once(seen *uint64, bit uint64) {
	if *seen&bit != 0 {
		d.fail(errDuplicate)
	}
	*seen |= bit
}

// space skips JSON whitespace (libpg_query writes none).
func (d *decoder) space() {
	for d.pos < len(d.in) {
		switch d.in[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// peek returns the next byte that is not whitespace, 0 at the end.
func (d *decoder) peek() byte {
	if d.pos < len(d.in) && d.in[d.pos] > ' ' {
		return d.in[d.pos]
	}
	d.space()
	if d.pos < len(d.in) {
		return d.in[d.pos]
	}
	return 0
}

// open reads the '{' opening a message one level below the current one
// and reports whether a member follows (false for {} and on error).
func (d *decoder) open(depth *int) bool {
	if *depth--; *depth < 0 {
		d.fail(errTooDeep)
	}
	return d.openBracket('{', '}')
}

// openBracket reads the opening bracket of an object or array and reports
// whether a member or element follows (false when it closes at once, and
// on error).
func (d *decoder) openBracket(open, close byte) bool {
	if d.err != nil {
		return false
	}
	if d.peek() != open {
		d.fail(errMalformed)
		return false
	}
	d.pos++
	if d.peek() == close {
		d.pos++
		return false
	}
	return true
}

// next reads what follows an object member: true after ',', false after
// the closing '}' or on error.
func (d *decoder) next() bool {
	return d.following('}')
}

func (d *decoder) following(end byte) bool {
	if d.err != nil {
		return false
	}
	switch d.peek() {
	case ',':
		d.pos++
		return true
	case end:
		d.pos++
		return false
	}
	d.fail(errMalformed)
	return false
}

// key reads a member's key and the ':' after it. Keys are read as they
// are written, escapes included: no field's name needs one.
func (d *decoder) key() string {
	k, ok := d.quoted()
	if !ok {
		return ""
	}
	if d.pos < len(d.in) && d.in[d.pos] == ':' {
		d.pos++
		return k
	}
	if d.peek() != ':' {
		d.fail(errMalformed)
		return ""
	}
	d.pos++
	return k
}

// quoted reads a string up to its first '"' as a view of the input
// (escapes left as they are), for key and word.
func (d *decoder) quoted() (string, bool) {
	if d.peek() != '"' {
		d.fail(errMalformed)
		return "", false
	}
	start := d.pos + 1
	end := closingQuote(d.in, start)
	if end < 0 {
		d.fail(errMalformed)
		return "", false
	}
	d.pos = end + 1
	return d.in[start:end], true
}

// closingQuote returns the index of the first '"' at or after start, -1
// if none. Keys and enum names are short: a plain loop beats
// strings.IndexByte's call.
func closingQuote(s string, start int) int {
	for i := start; i < len(s); i++ {
		if s[i] == '"' {
			return i
		}
	}
	return -1
}

// openArray reads a '[' and reports whether an element follows.
func (d *decoder) openArray() bool { return d.openBracket('[', ']') }

// nextElem reads what follows an array element: true after ',', false
// after the closing ']' or on error.
func (d *decoder) nextElem() bool {
	return d.following(']')
}

// jsonNodeList reads an array of Nodes; [] is a nil list, as protobuf
// decodes an absent repeated field.
func jsonNodeList(d *decoder, depth int) []*pg_query.Node {
	base := len(d.nodes)
	for ok := d.openArray(); ok; ok = d.nextElem() {
		d.nodes = append(d.nodes, jsonNewNode(d, depth))
	}
	if len(d.nodes) == base || d.err != nil {
		d.nodes = d.nodes[:base]
		return nil
	}
	list := make([]*pg_query.Node, len(d.nodes)-base)
	copy(list, d.nodes[base:])
	clear(d.nodes[base:])
	d.nodes = d.nodes[:base]
	return list
}

func (d *decoder) bool() bool {
	switch {
	case d.peek() == 't' && strings.HasPrefix(d.in[d.pos:], "true"):
		d.pos += 4
		return true
	case d.peek() == 'f' && strings.HasPrefix(d.in[d.pos:], "false"):
		d.pos += 5
	default:
		d.fail(errMalformed)
	}
	return false
}

// integer reads a JSON number that is an integer: its sign and magnitude.
func (d *decoder) integer() (neg bool, v uint64) {
	if d.err != nil {
		return false, 0
	}
	d.space()
	i := d.pos
	if i < len(d.in) && d.in[i] == '-' {
		neg = true
		i++
	}
	start := i
	for ; i < len(d.in); i++ {
		c := d.in[i] - '0'
		if c > 9 {
			break
		}
		v = v*10 + uint64(c)
	}
	switch digits := i - start; {
	case digits == 0 || digits > 1 && d.in[start] == '0':
		d.fail(errMalformed)
		return false, 0
	case digits > 19: // may have wrapped around
		var err error
		if v, err = strconv.ParseUint(d.in[start:i], 10, 64); err != nil {
			d.fail(errRange)
			return false, 0
		}
	}
	if i < len(d.in) && (d.in[i] == '.' || d.in[i] == 'e' || d.in[i] == 'E') {
		d.fail(errMalformed)
		return false, 0
	}
	d.pos = i
	return neg, v
}

// signed reads an integer in [-limit-1, limit].
func (d *decoder) signed(limit uint64) int64 {
	neg, v := d.integer()
	if neg {
		if v > limit+1 {
			d.fail(errRange)
			return 0
		}
		return int64(-v)
	}
	if v > limit {
		d.fail(errRange)
		return 0
	}
	return int64(v)
}

// unsigned reads an integer in [0, limit], without a sign.
func (d *decoder) unsigned(limit uint64) uint64 {
	neg, v := d.integer()
	if neg || v > limit {
		d.fail(errRange)
		return 0
	}
	return v
}

func (d *decoder) int32() int32   { return int32(d.signed(math.MaxInt32)) }
func (d *decoder) int64() int64   { return d.signed(math.MaxInt64) }
func (d *decoder) uint32() uint32 { return uint32(d.unsigned(math.MaxUint32)) }
func (d *decoder) uint64() uint64 { return d.unsigned(math.MaxUint64) }

// float64 reads a number in JSON's syntax (libpg_query writes doubles with
// %f, only in planner nodes).
func (d *decoder) float64() float64 {
	if d.err != nil {
		return 0
	}
	d.space()
	start, i := d.pos, d.pos
	digits := func() int {
		n := 0
		for ; i < len(d.in) && d.in[i] >= '0' && d.in[i] <= '9'; i++ {
			n++
		}
		return n
	}
	if i < len(d.in) && d.in[i] == '-' {
		i++
	}
	intStart := i
	ok := digits() > 0 && (d.in[intStart] != '0' || i == intStart+1)
	if ok && i < len(d.in) && d.in[i] == '.' {
		i++
		ok = digits() > 0
	}
	if ok && i < len(d.in) && (d.in[i] == 'e' || d.in[i] == 'E') {
		i++
		if i < len(d.in) && (d.in[i] == '+' || d.in[i] == '-') {
			i++
		}
		ok = digits() > 0
	}
	if !ok {
		d.fail(errMalformed)
		return 0
	}
	v, err := strconv.ParseFloat(d.in[start:i], 64)
	if err != nil {
		d.fail(errRange)
		return 0
	}
	d.pos = i
	return v
}

// word reads a string without escapes (an enum's value name) as a view of
// the input; one with escapes is returned raw and matches no name.
func (d *decoder) word() string {
	if d.err != nil {
		return ""
	}
	w, _ := d.quoted()
	return w
}

// unknownEnum fails on name, not a value of enum typ.
func (d *decoder) unknownEnum(name, typ string) {
	if d.err == nil {
		if len(name) > 64 {
			name = name[:64] + "..."
		}
		d.err = fmt.Errorf("parse tree: unknown %s value %q", typ, name)
	}
}

// str reads a string field's value, a copy owned by the tree. null, which
// libpg_query writes for a NULL Float, String or BitString value, is "",
// as in its protobuf output.
func (d *decoder) str() string {
	if d.err != nil {
		return ""
	}
	switch d.peek() {
	case '"':
	case 'n':
		if strings.HasPrefix(d.in[d.pos:], "null") {
			d.pos += 4
			return ""
		}
		fallthrough
	default:
		d.fail(errMalformed)
		return ""
	}
	start := d.pos + 1
	ascii := true
	for i := start; i < len(d.in); i++ {
		switch c := d.in[i]; {
		case c == '"':
			d.pos = i + 1
			if !ascii && !utf8.ValidString(d.in[start:i]) {
				d.fail(errInvalidUTF8)
				return ""
			}
			return d.keep(d.in[start:i])
		case c == '\\':
			return d.unescape(start)
		case c < ' ':
			d.fail(errMalformed)
			return ""
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	d.fail(errMalformed)
	return ""
}

// unescape reads the rest of a string with escapes, from its first byte
// at start.
func (d *decoder) unescape(start int) string {
	b := d.unescaped[:0]
	i := start
	for i < len(d.in) {
		c := d.in[i]
		switch {
		case c == '"':
			d.pos = i + 1
			d.unescaped = b
			if !utf8.Valid(b) {
				d.fail(errInvalidUTF8)
				return ""
			}
			return d.keep(unsafe.String(unsafe.SliceData(b), len(b)))
		case c < ' ':
			d.fail(errMalformed)
			return ""
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(d.in) {
			break
		}
		i += 2
		switch d.in[i-1] {
		case '"', '\\', '/':
			b = append(b, d.in[i-1])
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, n := d.escapedRune(i)
			if n == 0 {
				d.fail(errMalformed)
				return ""
			}
			b = utf8.AppendRune(b, r)
			i += n
		default:
			d.fail(errMalformed)
			return ""
		}
	}
	d.fail(errMalformed)
	return ""
}

// escapedRune decodes the four hex digits at i after a \u, and the second
// \u of a surrogate pair; n is the bytes used, 0 when malformed or a lone
// surrogate.
func (d *decoder) escapedRune(i int) (r rune, n int) {
	r, ok := hex4(d.in, i)
	switch {
	case !ok:
		return 0, 0
	case !utf16.IsSurrogate(r):
		return r, 4
	case r >= 0xdc00 || !strings.HasPrefix(d.in[i+4:], `\u`):
		return 0, 0
	}
	low, ok := hex4(d.in, i+6)
	if r = utf16.DecodeRune(r, low); !ok || r == utf8.RuneError {
		return 0, 0
	}
	return r, 10
}

func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// keep returns a copy of s for the tree.
func (d *decoder) keep(s string) string {
	if len(s) == 0 || len(s) > maxBlockString {
		return strings.Clone(s)
	}
	if len(s) > cap(d.text)-len(d.text) {
		d.text = make([]byte, 0, max(d.textBlock, len(s)))
	}
	start := len(d.text)
	d.text = append(d.text, s...)
	return unsafe.String(&d.text[start], len(s))
}
