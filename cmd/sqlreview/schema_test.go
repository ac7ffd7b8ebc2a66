package main

import (
	"strings"
	"testing"
)

// TestWriteDrift: a table changed in place prints as its header and the
// changed lines; other statements print whole.
func TestWriteDrift(t *testing.T) {
	removed := []string{
		"CREATE INDEX a_name ON public.a USING btree (name);",
		"CREATE TABLE public.a (\n    id integer NOT NULL,\n    name text NOT NULL\n);",
	}
	added := []string{
		"CREATE TABLE public.a (\n    id bigint NOT NULL,\n    name text NOT NULL,\n    hotfix boolean\n);",
		"CREATE VIEW public.v AS\n SELECT a.id\n   FROM public.a;",
	}
	var b strings.Builder
	writeDrift(&b, removed, added)
	want := `- CREATE INDEX a_name ON public.a USING btree (name);
~ CREATE TABLE public.a (
  - id integer NOT NULL
  + id bigint NOT NULL
  + hotfix boolean
+ CREATE VIEW public.v AS
   SELECT a.id
     FROM public.a;
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}
