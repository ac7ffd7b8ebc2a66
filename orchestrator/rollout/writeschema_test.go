package rollout

import "testing"

func TestSchemaPathTemplate(t *testing.T) {
	for _, c := range []struct{ template, want, err string }{
		{"schema", "schema/prod.sql", ""},
		{"migrations/.{db}##LATEST.sql", "migrations/.shop##LATEST.sql", ""},
		{"schemas/{env}/{target}.sql", "schemas/prod/eu-1.sql", ""},
	} {
		if err := CheckSchemaPath(c.template); err != nil {
			t.Errorf("%s: %v", c.template, err)
		}
		got, err := schemaPath(c.template, "prod", "eu-1", "shop")
		if err != nil || got != c.want {
			t.Errorf("%s: %q %v, want %q", c.template, got, err, c.want)
		}
	}
	for template, want := range map[string]string{
		"x/{database}.sql": "--write-schema x/{database}.sql: unknown placeholder {database}; use {env}, {target} or {db}",
		"x/{db.sql":        "--write-schema x/{db.sql: unbalanced brace; placeholders are {env}, {target} and {db}",
	} {
		if err := CheckSchemaPath(template); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", template, err, want)
		}
	}
	if _, err := schemaPath("x/{db}.sql", "prod", "eu-1", "../etc"); err == nil || err.Error() != `--write-schema x/{db}.sql: the database name "../etc" cannot be part of a file name` {
		t.Errorf("database name with a slash: %v", err)
	}
}
