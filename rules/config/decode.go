package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// maxNodes bounds the work of decoding: aliases let a small file name the
// same large list many times ("billion laughs"), and a config never needs
// anywhere near this many values.
const maxNodes = 100_000

// Parse decodes a config file's contents. path is used in messages and to
// set Dir (its directory); it is not read. Keys that are missing keep the
// values of Default(); an empty file or an empty document is Default().
// Every error is one line: "path:line: message".
func Parse(path string, data []byte) (cfg *Config, err error) {
	cfg = Default()
	cfg.Path = path
	if path != "" {
		cfg.Dir = absDir(path)
	}
	cfg.lines = map[string]int{}
	if e := checkText(path, data); e != nil {
		return nil, e
	}
	// The YAML library has had panics on hostile input in the past; a config
	// file must never take the CLI or the language server down.
	defer func() {
		if r := recover(); r != nil {
			cfg, err = nil, &Error{Path: path, Msg: fmt.Sprintf("cannot parse YAML: %v", r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return cfg, nil
		}
		return nil, yamlError(path, err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, &Error{Path: path, Line: next.Line, Msg: "a second YAML document; the config file holds exactly one"}
	case !errors.Is(err, io.EOF):
		return nil, yamlError(path, err)
	}
	d := &decoder{path: path, lines: cfg.lines}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return cfg, nil
		}
		root = root.Content[0]
	}
	if err := d.decode(root, reflect.ValueOf(cfg).Elem(), "", "a mapping of settings"); err != nil {
		return nil, err
	}
	return cfg, nil
}

// checkText rejects input that is not UTF-8 text before the YAML parser
// sees it: its messages for binary data name neither the line nor the
// cause.
func checkText(path string, data []byte) error {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return &Error{Path: path, Line: line, Msg: "not a text file: invalid UTF-8 (the config must be UTF-8 YAML)"}
		case r == 0:
			return &Error{Path: path, Line: line, Msg: "not a text file: contains NUL bytes (the config must be UTF-8 YAML)"}
		case r == '\n':
			line++
		case r < 0x20 && r != '\t' && r != '\r', r == 0x7f:
			return &Error{Path: path, Line: line, Msg: fmt.Sprintf("control character %U is not allowed in YAML", r)}
		}
		i += size
	}
	return nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems are the messages of the YAML library's parser (as opposed
// to its scanner). The library reports their lines 0-based (scanner lines
// are 1-based), pointing at the start of the enclosing construct when
// there is one, else at the problem.
var parserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"found undefined tag handle":             true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// yamlError turns a YAML syntax error into an Error, moving the line
// number the library embeds in its text into Line. The library omits the
// line when it would be the first, in both its numberings.
func yamlError(path string, err error) error {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	line := 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if parserProblems[msg] {
			line++
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	return &Error{Path: path, Line: line, Msg: "invalid YAML: " + msg}
}

type decoder struct {
	path  string
	lines map[string]int
	nodes int
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) error {
	return &Error{Path: d.path, Line: n.Line, Msg: fmt.Sprintf(format, args...)}
}

// resolve follows aliases to the node they name.
func (d *decoder) resolve(n *yaml.Node) (*yaml.Node, error) {
	for i := 0; n.Kind == yaml.AliasNode; i++ {
		if n.Alias == nil || i > 100 {
			return nil, d.errorf(n, "unresolvable alias *%s", n.Value)
		}
		n = n.Alias
	}
	d.nodes++
	if d.nodes > maxNodes {
		return nil, d.errorf(n, "too many values (more than %d after expanding aliases)", maxNodes)
	}
	return n, nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// join builds the key path shown in messages.
func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// describe names what a node holds, for "expected X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		v := n.Value
		if len(v) > 40 {
			v = v[:37] + "..."
		}
		if n.ShortTag() == "!!str" {
			return strconv.Quote(v)
		}
		return v
	}
	return "an unsupported node"
}

// expectation is the phrase used in type errors for a Go type, unless the
// field's expect tag gives a more helpful one.
func expectation(t reflect.Type, tag string) string {
	if tag != "" {
		return tag
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int:
		return "an integer"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list"
	}
	return "a mapping"
}

// decode stores node n into v, which is addressable. key is the path of n
// for messages; expect overrides the type phrase. A null node leaves v
// unchanged, so "rules:" with nothing under it keeps the defaults.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, key, expect string) error {
	n, err := d.resolve(n)
	if err != nil {
		return err
	}
	if isNull(n) {
		return nil
	}
	where := ""
	if key != "" {
		where = key + ": "
	}
	mismatch := func() error {
		return d.errorf(n, "%sexpected %s, got %s", where, expectation(v.Type(), expect), describe(n))
	}
	switch v.Kind() {
	case reflect.Struct:
		sh, short := v.Addr().Interface().(shorthand)
		if short && n.Kind == yaml.ScalarNode {
			sh.decodeShorthand(n.Value)
			return nil
		}
		if n.Kind != yaml.MappingNode {
			return mismatch()
		}
		if short {
			sh.decodedMapping()
		}
		return d.decodeStruct(n, v, key)
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return d.decode(n, v.Elem(), key, expect)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return mismatch()
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			ik := fmt.Sprintf("%s[%d]", key, i)
			d.lines[ik] = item.Line
			if err := d.decode(item, s.Index(i), ik, ""); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return mismatch()
		}
		pairs, err := d.pairs(n, key)
		if err != nil {
			return err
		}
		if v.IsNil() {
			v.Set(reflect.MakeMapWithSize(v.Type(), len(pairs)))
		}
		for _, p := range pairs {
			mk := join(key, p.key.Value)
			d.lines[mk] = p.key.Line
			elem := reflect.New(v.Type().Elem()).Elem()
			if err := d.decode(p.value, elem, mk, ""); err != nil {
				return err
			}
			if elem.Kind() == reflect.Map && elem.IsNil() {
				// "rule:" with no options still names the rule.
				elem.Set(reflect.MakeMap(elem.Type()))
			}
			v.SetMapIndex(reflect.ValueOf(p.key.Value), elem)
		}
		return nil
	case reflect.Interface:
		// Free-form values (rule settings): the YAML library builds them and
		// guards its own alias expansion.
		var x any
		if err := n.Decode(&x); err != nil {
			return d.errorf(n, "%s%s", where, strings.TrimPrefix(err.Error(), "yaml: "))
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
		return nil
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			return mismatch()
		}
		// Any scalar is accepted as text: "statement-timeout: 0" means "0".
		v.SetString(n.Value)
		return nil
	case reflect.Int:
		if key == "postgres.version" && n.Kind == yaml.ScalarNode && n.Value == "9.6" {
			// The one target version with a minor part in its name: 9.6
			// is the 9.x release sqlreview targets, stored as 9.
			v.SetInt(9)
			return nil
		}
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
			return mismatch()
		}
		i, err := strconv.ParseInt(n.Value, 0, 64)
		if err != nil || int64(int(i)) != i {
			return mismatch()
		}
		v.SetInt(i)
		return nil
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			return mismatch()
		}
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			return mismatch()
		}
		v.SetBool(b)
		return nil
	}
	return d.errorf(n, "%sunsupported field type %s", where, v.Type())
}

// decodeStruct decodes a mapping into a struct, rejecting keys that have no
// field.
func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, key string) error {
	t := v.Type()
	fields := map[string]int{}
	var names []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name == "" || name == "-" || !t.Field(i).IsExported() {
			continue
		}
		fields[name] = i
		names = append(names, name)
	}
	pairs, err := d.pairs(n, key)
	if err != nil {
		return err
	}
	for _, p := range pairs {
		i, ok := fields[p.key.Value]
		if !ok {
			in := ""
			if key != "" {
				in = " in " + key
			}
			msg := fmt.Sprintf("unknown key %q%s", p.key.Value, in)
			if s := Suggest(p.key.Value, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += " (valid keys: " + strings.Join(names, ", ") + ")"
			}
			return d.errorf(p.key, "%s", msg)
		}
		f := t.Field(i)
		fk := join(key, p.key.Value)
		d.lines[fk] = p.key.Line
		if err := d.decode(p.value, v.Field(i), fk, f.Tag.Get("expect")); err != nil {
			return err
		}
	}
	return nil
}

type pair struct{ key, value *yaml.Node }

// pairs lists a mapping's entries in file order, with "<<" merge keys
// expanded (explicit keys win over merged ones, as YAML specifies) and
// duplicate explicit keys rejected: the YAML library accepts those when
// building nodes, and a repeated key silently dropping settings is the
// kind of mistake strict decoding exists to catch.
func (d *decoder) pairs(n *yaml.Node, key string) ([]pair, error) {
	return d.pairsDepth(n, key, nil)
}

// pairsDepth does the work of pairs; active holds the mappings being
// expanded, to catch a mapping that merges itself.
func (d *decoder) pairsDepth(n *yaml.Node, key string, active []*yaml.Node) ([]pair, error) {
	if len(active) > 20 {
		return nil, d.errorf(n, "merge keys (<<) nested too deeply")
	}
	active = append(active, n)
	var out, merged []pair
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, err := d.resolve(n.Content[i])
		if err != nil {
			return nil, err
		}
		val := n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			m, err := d.mergePairs(k, val, key, active)
			if err != nil {
				return nil, err
			}
			merged = append(merged, m...)
			continue
		}
		if k.Kind != yaml.ScalarNode || isNull(k) {
			where := ""
			if key != "" {
				where = key + ": "
			}
			return nil, d.errorf(k, "%sexpected a key name, got %s", where, describe(k))
		}
		if first, dup := seen[k.Value]; dup {
			return nil, d.errorf(k, "duplicate key %q (first at line %d)", join(key, k.Value), first)
		}
		seen[k.Value] = k.Line
		out = append(out, pair{k, val})
	}
	for _, p := range merged {
		if _, dup := seen[p.key.Value]; !dup {
			seen[p.key.Value] = p.key.Line
			out = append(out, p)
		}
	}
	return out, nil
}

// mergePairs expands the value of a "<<" key: a mapping or a list of
// mappings, earlier ones taking precedence.
func (d *decoder) mergePairs(mergeKey, val *yaml.Node, key string, active []*yaml.Node) ([]pair, error) {
	val, err := d.resolve(val)
	if err != nil {
		return nil, err
	}
	var sources []*yaml.Node
	switch val.Kind {
	case yaml.MappingNode:
		sources = []*yaml.Node{val}
	case yaml.SequenceNode:
		for _, s := range val.Content {
			s, err := d.resolve(s)
			if err != nil {
				return nil, err
			}
			sources = append(sources, s)
		}
	default:
		sources = []*yaml.Node{val}
	}
	var out []pair
	seen := map[string]bool{}
	for _, s := range sources {
		if s.Kind != yaml.MappingNode {
			return nil, d.errorf(s, "merge key (<<) expects a mapping or a list of mappings, got %s", describe(s))
		}
		if slices.Contains(active, s) {
			return nil, d.errorf(mergeKey, "merge key (<<) includes the mapping that holds it")
		}
		ps, err := d.pairsDepth(s, key, active)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if !seen[p.key.Value] {
				seen[p.key.Value] = true
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// absDir is the absolute directory of the config file at path. Globs,
// exclusions and fingerprints are relative to it, and a path can only be
// made relative to an absolute directory: kept as named ("cfg.yaml" gives
// "."), nothing matched and every fingerprint held the checkout's path.
// Resolved here, once, so no reader of Dir depends on how --config was
// spelled or on the working directory at the time it reads it.
func absDir(path string) string {
	dir := filepath.Dir(path)
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}
