package rollout

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/sqlreview/sqlreview/orchestrator/redact"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
)

// Schema path templates (rollout --write-schema): {env} is the stage's
// environment, {target} a target's name and {db} its database, so
// Bytebase users can keep "migrations/.{db}##LATEST.sql" beside their
// migrations. A path without placeholders is a directory that receives
// <env>.sql, as before templates existed.
var schemaPathVar = regexp.MustCompile(`\{[^{}]*\}`)

// CheckSchemaPath reports an unknown placeholder or an unbalanced brace in
// a --write-schema template, before anything is applied.
func CheckSchemaPath(template string) error {
	for _, v := range schemaPathVar.FindAllString(template, -1) {
		if v != "{env}" && v != "{target}" && v != "{db}" {
			return fmt.Errorf("--write-schema %s: unknown placeholder %s; use {env}, {target} or {db}", template, v)
		}
	}
	if rest := schemaPathVar.ReplaceAllString(template, ""); strings.ContainsAny(rest, "{}") {
		return fmt.Errorf("--write-schema %s: unbalanced brace; placeholders are {env}, {target} and {db}", template)
	}
	return nil
}

// perTargetSchema reports whether the template names a file per target.
func perTargetSchema(template string) bool {
	return strings.Contains(template, "{target}") || strings.Contains(template, "{db}")
}

// schemaPath fills the template for one target. A name that would leave
// the directory the template names is refused.
func schemaPath(template, env, target, db string) (string, error) {
	if !strings.Contains(template, "{") {
		return filepath.Join(template, env+".sql"), nil
	}
	for what, v := range map[string]string{"environment": env, "target": target, "database": db} {
		if v == "" || v == "." || v == ".." || strings.ContainsAny(v, `/\`) {
			return "", fmt.Errorf("--write-schema %s: the %s name %q cannot be part of a file name", template, what, v)
		}
	}
	return strings.NewReplacer("{env}", env, "{target}", target, "{db}", db).Replace(template), nil
}

// writeSchemas writes the schema dump of the stage's targets: of the first
// one, or of each one when the template names {target} or {db}.
func (o *Options) writeSchemas(ctx context.Context, ts []targets.Target, release string) error {
	if !perTargetSchema(o.WriteSchema) {
		ts = ts[:min(1, len(ts))]
	}
	written := map[string]bool{}
	for _, t := range ts {
		path, schema, err := o.dumpTarget(ctx, t, release)
		if err != nil {
			return err
		}
		if written[path] {
			continue // two ts of one database
		}
		written[path] = true
		if err := writeFileAtomic(path, []byte(schema)); err != nil {
			return fmt.Errorf("--write-schema: %v", unwrapPathErr(err))
		}
	}
	return nil
}

// dumpTarget returns the target's schema file path and dump.
func (o *Options) dumpTarget(ctx context.Context, t targets.Target, release string) (path, schema string, err error) {
	r, err := o.open(ctx, t, release)
	if err != nil {
		return "", "", err
	}
	defer r.Close()
	red := redact.New(t.URL)
	db, err := r.Database(ctx)
	if err != nil {
		return "", "", fmt.Errorf("target %s: %w", t.Name, red.RedactErr(err))
	}
	if path, err = schemaPath(o.WriteSchema, o.Env, t.Name, db); err != nil {
		return "", "", err
	}
	schema, err = r.DumpSchema(ctx)
	if err != nil {
		return "", "", fmt.Errorf("target %s: %w", t.Name, red.RedactErr(err))
	}
	return path, schema, nil
}

// writeFileAtomic replaces path by data through a temporary file in the
// same directory, so a reader never sees half a schema.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".sqlreview-schema-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
