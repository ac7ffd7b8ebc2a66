package schemadump

import "strings"

// Each object query returns one row per statement group:
//
//	prio   the kind's place in the default order (see the constants below)
//	schema, parent, name  the sort key within the kind
//	key    the object's identity, "catalog:oid"
//	owner  the object the statement belongs to: equal to key for an object
//	       of its own, else the statement is kept only when owner is dumped
//	deps   keys the statement must follow, beyond those pg_depend records
//	sql    the statement(s)
//
// The queries run with search_path = pg_catalog, so every name outside
// pg_catalog prints schema-qualified and the dump does not depend on the
// session that loads it. Objects made after initdb have oids from 16384
// (FirstNormalObjectId): each query says so, which lets PostgreSQL read
// the user's few rows through the oid index instead of scanning catalogs
// that are mostly built-in (a dump follows every apply).

// Kinds in their default order, as pg_dump orders them: pre-data (schemas,
// extensions, types, functions, sequences, tables, views), then post-data
// (constraints, indexes, foreign keys, triggers, rules, policies), then
// comments and privileges. pg_depend can move an object later, never
// earlier than what it uses.
const (
	prioNote = 5 + iota*10
	prioSchema
	prioExtension
	prioType
	prioFunction
	prioSequence
	prioTable
	prioView
	prioSequenceOwner
	prioConstraint
	prioIndex
	prioIndexAttach
	prioReplicaIdentity
	prioForeignKey
	prioTrigger
	prioStatistics
	prioRule
	prioRowSecurity
	prioPolicy
	prioComment
	prioGrant
	prioDefaultPrivileges
)

// prelude names the dumped schemas and the objects that another object
// creates (extension members, row and array types, identity sequences,
// indexes of constraints): those are never dumped on their own. Two
// internal links do not make a part: a partitioned table's link to its own
// key columns, and a composite type's relation to its type (it is dumped
// as the relation). Objects from initdb have oids below 16384
// (FirstNormalObjectId).
const prelude = `WITH ns AS MATERIALIZED (
  SELECT oid, nspname FROM pg_namespace
  WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE E'pg\\_temp\\_%'
    AND nspname NOT LIKE E'pg\\_toast\\_temp\\_%' AND nspname NOT IN (%EXCLUDE%)),
skip AS MATERIALIZED (SELECT DISTINCT classid, objid FROM pg_depend WHERE objid >= 16384 AND (deptype = 'e' OR deptype = 'i'
  AND NOT (classid = refclassid AND objid = refobjid) AND NOT (classid = 'pg_class'::regclass AND refclassid = 'pg_type'::regclass)))
`

func qname(ns, name string) string {
	return `quote_ident(` + ns + `) || '.' || quote_ident(` + name + `)`
}

func notSkipped(class, col string) string {
	return `NOT EXISTS (SELECT 1 FROM skip WHERE skip.classid = '` + class + `'::regclass AND skip.objid = ` + col + `)`
}

// seqOptions renders a pg_sequence row s as sequence options, one per line
// after sep.
func seqOptions(sep string) string {
	return `'START WITH ' || s.seqstart || E'` + sep + `INCREMENT BY ' || s.seqincrement || E'` + sep + `MINVALUE ' || s.seqmin
	  || E'` + sep + `MAXVALUE ' || s.seqmax || E'` + sep + `CACHE ' || s.seqcache || CASE WHEN s.seqcycle THEN E'` + sep + `CYCLE' ELSE '' END`
}

var objectQueries = []string{
	// schemas; public exists in every database and is not created
	`SELECT ` + itoa(prioSchema) + `, nspname::text, '', nspname::text, 'pg_namespace:' || oid, 'pg_namespace:' || oid, '{}'::text[],
	   CASE WHEN nspname = 'public' THEN '' ELSE 'CREATE SCHEMA ' || quote_ident(nspname) || ';' END
	 FROM ns WHERE ` + notSkipped("pg_namespace", "ns.oid"),

	// extensions (plpgsql is in every database)
	`SELECT ` + itoa(prioExtension) + `, n.nspname::text, '', e.extname::text, 'pg_extension:' || e.oid, 'pg_extension:' || e.oid,
	   CASE WHEN n.oid IN (SELECT oid FROM ns) THEN ARRAY['pg_namespace:' || n.oid] ELSE '{}' END,
	   'CREATE EXTENSION IF NOT EXISTS ' || quote_ident(e.extname) || ' WITH SCHEMA ' || quote_ident(n.nspname) || ';'
	 FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql'`,

	// enum types, one label per line
	`SELECT ` + itoa(prioType) + `, ns.nspname::text, '', t.typname::text, 'pg_type:' || t.oid, 'pg_type:' || t.oid, '{}'::text[],
	   'CREATE TYPE ' || ` + qname("ns.nspname", "t.typname") + ` || ' AS ENUM (' || coalesce((SELECT E'\n    ' || string_agg(quote_literal(e.enumlabel), E',\n    ' ORDER BY e.enumsortorder) || E'\n'
	     FROM pg_enum e WHERE e.enumtypid = t.oid), '') || ');'
	 FROM pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE t.typtype = 'e' AND t.oid >= 16384 AND ` + notSkipped("pg_type", "t.oid"),

	// domains; NOT VALID checks cannot be part of CREATE DOMAIN
	`SELECT ` + itoa(prioType) + `, ns.nspname::text, '', t.typname::text, 'pg_type:' || t.oid, 'pg_type:' || t.oid, '{}'::text[],
	   'CREATE DOMAIN ' || ` + qname("ns.nspname", "t.typname") + ` || ' AS ' || format_type(t.typbasetype, t.typtypmod)
	   || CASE WHEN t.typcollation <> 0 AND t.typcollation <> b.typcollation THEN ' COLLATE ' || (SELECT ` + qname("cn.nspname", "co.collname") + ` FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation) ELSE '' END
	   || coalesce(' DEFAULT ' || t.typdefault, '') || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END
	   || coalesce((SELECT string_agg(E'\n    CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid), '' ORDER BY c.conname)
	     FROM pg_constraint c WHERE c.contypid = t.oid AND c.convalidated), '') || ';'
	   || coalesce((SELECT string_agg(E'\nALTER DOMAIN ' || ` + qname("ns.nspname", "t.typname") + ` || ' ADD CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid) || ';', '' ORDER BY c.conname)
	     FROM pg_constraint c WHERE c.contypid = t.oid AND NOT c.convalidated), '')
	 FROM pg_type t JOIN ns ON ns.oid = t.typnamespace JOIN pg_type b ON b.oid = t.typbasetype WHERE t.typtype = 'd' AND t.oid >= 16384 AND ` + notSkipped("pg_type", "t.oid"),

	// composite types, one attribute per line
	`SELECT ` + itoa(prioType) + `, ns.nspname::text, '', c.relname::text, 'pg_class:' || c.oid, 'pg_class:' || c.oid, '{}'::text[],
	   'CREATE TYPE ' || ` + qname("ns.nspname", "c.relname") + ` || ' AS (' || coalesce((SELECT E'\n    ' || string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
	       || CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation THEN ' COLLATE ' || (SELECT ` + qname("cn.nspname", "co.collname") + ` FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) ELSE '' END,
	       E',\n    ' ORDER BY a.attnum) || E'\n'
	     FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '') || ');'
	 FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind = 'c' AND c.oid >= 16384 AND ` + notSkipped("pg_class", "c.oid"),

	// range types
	`SELECT ` + itoa(prioType) + `, ns.nspname::text, '', t.typname::text, 'pg_type:' || t.oid, 'pg_type:' || t.oid, '{}'::text[],
	   'CREATE TYPE ' || ` + qname("ns.nspname", "t.typname") + ` || E' AS RANGE (\n    subtype = ' || format_type(r.rngsubtype, NULL)
	   || CASE WHEN NOT opc.opcdefault THEN E',\n    subtype_opclass = ' || ` + qname("opn.nspname", "opc.opcname") + ` ELSE '' END
	   || CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN E',\n    collation = ' || (SELECT ` + qname("cn.nspname", "co.collname") + ` FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = r.rngcollation) ELSE '' END
	   || CASE WHEN r.rngcanonical <> 0 THEN E',\n    canonical = ' || r.rngcanonical::regproc::text ELSE '' END
	   || CASE WHEN r.rngsubdiff <> 0 THEN E',\n    subtype_diff = ' || r.rngsubdiff::regproc::text ELSE '' END
	   || E',\n    multirange_type_name = ' || format_type(r.rngmultitypid, NULL) || E'\n);'
	 FROM pg_type t JOIN ns ON ns.oid = t.typnamespace JOIN pg_range r ON r.rngtypid = t.oid JOIN pg_type st ON st.oid = r.rngsubtype
	 JOIN pg_opclass opc ON opc.oid = r.rngsubopc JOIN pg_namespace opn ON opn.oid = opc.opcnamespace
	 WHERE t.typtype = 'r' AND t.oid >= 16384 AND ` + notSkipped("pg_type", "t.oid"),

	// functions and procedures, with their bodies
	`SELECT ` + itoa(prioFunction) + `, ns.nspname::text, pg_get_function_identity_arguments(p.oid), p.proname::text, 'pg_proc:' || p.oid, 'pg_proc:' || p.oid, '{}'::text[],
	   rtrim(pg_get_functiondef(p.oid), E' \n') || ';'
	 FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace WHERE p.prokind IN ('f', 'p') AND p.oid >= 16384 AND ` + notSkipped("pg_proc", "p.oid"),

	// sequences, all options explicit, one per line
	`SELECT ` + itoa(prioSequence) + `, ns.nspname::text, '', c.relname::text, 'pg_class:' || c.oid, 'pg_class:' || c.oid, '{}'::text[],
	   'CREATE ' || CASE WHEN c.relpersistence = 'u' THEN 'UNLOGGED ' ELSE '' END || 'SEQUENCE ' || ` + qname("ns.nspname", "c.relname") + `
	   || E'\n    AS ' || format_type(s.seqtypid, NULL) || E'\n    ' || ` + seqOptions(`\n    `) + ` || ';'
	 FROM pg_class c JOIN ns ON ns.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid WHERE c.relkind = 'S' AND c.oid >= 16384 AND ` + notSkipped("pg_class", "c.oid"),

	// tables
	tablesQuery(true),

	// views and materialized views
	`SELECT ` + itoa(prioView) + `, ns.nspname::text, '', c.relname::text, 'pg_class:' || c.oid, 'pg_class:' || c.oid, '{}'::text[],
	   'CREATE ' || CASE c.relkind WHEN 'm' THEN 'MATERIALIZED ' ELSE '' END || 'VIEW ' || ` + qname("ns.nspname", "c.relname") + `
	   || coalesce(' WITH (' || array_to_string(c.reloptions, ', ') || ')', '') || E' AS\n'
	   || rtrim(pg_get_viewdef(c.oid), E'; \n') || CASE c.relkind WHEN 'm' THEN E'\n  WITH NO DATA;' ELSE ';' END
	 FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND c.oid >= 16384 AND ` + notSkipped("pg_class", "c.oid"),

	// sequences owned by a column (serial)
	`SELECT ` + itoa(prioSequenceOwner) + `, ns.nspname::text, '', c.relname::text, 'owner:' || c.oid, 'pg_class:' || c.oid, ARRAY['pg_class:' || d.refobjid],
	   'ALTER SEQUENCE ' || ` + qname("ns.nspname", "c.relname") + ` || ' OWNED BY ' || d.refobjid::regclass::text || '.' || quote_ident(a.attname) || ';'
	 FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
	 JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a' AND d.refobjsubid > 0
	 JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
	 WHERE c.relkind = 'S' AND c.oid >= 16384`,

	// constraints of tables made by the table itself (not inherited or cloned)
	`SELECT CASE WHEN k.contype = 'f' THEN ` + itoa(prioForeignKey) + ` ELSE ` + itoa(prioConstraint) + ` END, ns.nspname::text, c.relname::text, k.conname::text,
	   'pg_constraint:' || k.oid, 'pg_constraint:' || k.oid, ARRAY['pg_class:' || c.oid],
	   'ALTER TABLE ' || ` + qname("ns.nspname", "c.relname") + ` || E'\n    ADD CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid) || ';'
	 FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN ns ON ns.oid = c.relnamespace
	 WHERE k.contype IN ('c', 'p', 'u', 'x', 'f') AND k.oid >= 16384 AND k.conislocal AND k.conparentid = 0 AND c.relkind IN ('r', 'p')`,

	// indexes not made by a constraint; an invalid one (a failed CREATE INDEX
	// CONCURRENTLY) is shown, commented out, as pg_dump leaves it out
	`SELECT ` + itoa(prioIndex) + `, ns.nspname::text, t.relname::text, c.relname::text, 'pg_class:' || c.oid, 'pg_class:' || c.oid, ARRAY['pg_class:' || t.oid],
	   CASE WHEN i.indisvalid OR t.relkind = 'p' THEN pg_get_indexdef(c.oid) || ';'
	   ELSE E'-- INVALID index, not recreated by this dump (drop it, or rebuild it with REINDEX INDEX CONCURRENTLY):\n-- ' || pg_get_indexdef(c.oid) || ';' END
	 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid JOIN ns ON ns.oid = c.relnamespace
	 WHERE t.relkind IN ('r', 'p', 'm') AND i.indexrelid >= 16384 AND ` + notSkipped("pg_class", "c.oid"),

	// index partitions attach to the partitioned index after both exist
	`SELECT ` + itoa(prioIndexAttach) + `, ns.nspname::text, p.relname::text, c.relname::text, 'attach:' || c.oid, 'pg_class:' || c.oid, ARRAY['pg_class:' || p.oid],
	   'ALTER INDEX ' || p.oid::regclass::text || ' ATTACH PARTITION ' || ` + qname("ns.nspname", "c.relname") + ` || ';'
	 FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid JOIN pg_class p ON p.oid = h.inhparent JOIN ns ON ns.oid = c.relnamespace
	 WHERE c.relkind IN ('i', 'I') AND h.inhrelid >= 16384 AND ` + notSkipped("pg_class", "c.oid"),

	// replica identity by index
	`SELECT ` + itoa(prioReplicaIdentity) + `, ns.nspname::text, t.relname::text, c.relname::text, 'replident:' || t.oid, 'pg_class:' || t.oid, ARRAY['pg_class:' || c.oid],
	   'ALTER TABLE ONLY ' || ` + qname("ns.nspname", "t.relname") + ` || ' REPLICA IDENTITY USING INDEX ' || quote_ident(c.relname) || ';'
	 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid JOIN ns ON ns.oid = t.relnamespace
	 WHERE i.indisreplident AND t.relreplident = 'i' AND i.indexrelid >= 16384`,

	// triggers written by the user (not internal, not cloned to a partition)
	`SELECT ` + itoa(prioTrigger) + `, ns.nspname::text, c.relname::text, t.tgname::text, 'pg_trigger:' || t.oid, 'pg_trigger:' || t.oid, ARRAY['pg_class:' || c.oid],
	   pg_get_triggerdef(t.oid) || ';' || CASE t.tgenabled
	     WHEN 'D' THEN E'\nALTER TABLE ' || ` + qname("ns.nspname", "c.relname") + ` || ' DISABLE TRIGGER ' || quote_ident(t.tgname) || ';'
	     WHEN 'R' THEN E'\nALTER TABLE ' || ` + qname("ns.nspname", "c.relname") + ` || ' ENABLE REPLICA TRIGGER ' || quote_ident(t.tgname) || ';'
	     WHEN 'A' THEN E'\nALTER TABLE ' || ` + qname("ns.nspname", "c.relname") + ` || ' ENABLE ALWAYS TRIGGER ' || quote_ident(t.tgname) || ';' ELSE '' END
	 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN ns ON ns.oid = c.relnamespace
	 WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND t.oid >= 16384`,

	// extended statistics
	`SELECT ` + itoa(prioStatistics) + `, ns.nspname::text, '', s.stxname::text, 'pg_statistic_ext:' || s.oid, 'pg_statistic_ext:' || s.oid, ARRAY['pg_class:' || s.stxrelid],
	   pg_get_statisticsobjdef(s.oid) || ';'
	 FROM pg_statistic_ext s JOIN ns ON ns.oid = s.stxnamespace WHERE s.oid >= 16384`,

	// rules other than the ones views are made of
	`SELECT ` + itoa(prioRule) + `, ns.nspname::text, c.relname::text, r.rulename::text, 'pg_rewrite:' || r.oid, 'pg_rewrite:' || r.oid, ARRAY['pg_class:' || c.oid],
	   rtrim(pg_get_ruledef(r.oid), E'; \n') || ';' || CASE r.ev_enabled
	     WHEN 'D' THEN E'\nALTER TABLE ' || ` + qname("ns.nspname", "c.relname") + ` || ' DISABLE RULE ' || quote_ident(r.rulename) || ';'
	     WHEN 'R' THEN E'\nALTER TABLE ' || ` + qname("ns.nspname", "c.relname") + ` || ' ENABLE REPLICA RULE ' || quote_ident(r.rulename) || ';'
	     WHEN 'A' THEN E'\nALTER TABLE ' || ` + qname("ns.nspname", "c.relname") + ` || ' ENABLE ALWAYS RULE ' || quote_ident(r.rulename) || ';' ELSE '' END
	 FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN ns ON ns.oid = c.relnamespace WHERE r.rulename <> '_RETURN' AND r.oid >= 16384`,

	// row-level security
	`SELECT ` + itoa(prioRowSecurity) + `, ns.nspname::text, '', c.relname::text, 'rls:' || c.oid, 'pg_class:' || c.oid, '{}'::text[],
	   concat_ws(E'\n', CASE WHEN c.relrowsecurity THEN 'ALTER TABLE ' || ` + qname("ns.nspname", "c.relname") + ` || ' ENABLE ROW LEVEL SECURITY;' END,
	     CASE WHEN c.relforcerowsecurity THEN 'ALTER TABLE ' || ` + qname("ns.nspname", "c.relname") + ` || ' FORCE ROW LEVEL SECURITY;' END)
	 FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE (c.relrowsecurity OR c.relforcerowsecurity) AND c.oid >= 16384`,

	// policies
	`SELECT ` + itoa(prioPolicy) + `, ns.nspname::text, c.relname::text, p.polname::text, 'pg_policy:' || p.oid, 'pg_policy:' || p.oid, ARRAY['pg_class:' || c.oid],
	   'CREATE POLICY ' || quote_ident(p.polname) || ' ON ' || ` + qname("ns.nspname", "c.relname") + `
	   || ' AS ' || CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END
	   || ' FOR ' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END
	   || ' TO ' || (SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END, ', ' ORDER BY r <> 0, pg_get_userbyid(r)) FROM unnest(p.polroles) r)
	   || coalesce(E'\n    USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')
	   || coalesce(E'\n    WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '') || ';'
	 FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN ns ON ns.oid = c.relnamespace WHERE p.oid >= 16384`,

	// comments, on whatever object is dumped
	`SELECT ` + itoa(prioComment) + `, coalesce(o.schema, '')::text, o.type, o.identity, 'comment:' || d.classoid || ':' || d.objoid || ':' || d.objsubid,
	   d.classoid::regclass::text || ':' || d.objoid, '{}'::text[],
	   'COMMENT ON ' || CASE
	     WHEN o.type = 'table constraint' THEN 'CONSTRAINT ' || regexp_replace(o.identity, ' on ', ' ON ')
	     WHEN o.type = 'domain constraint' THEN 'CONSTRAINT ' || regexp_replace(o.identity, ' on ', ' ON DOMAIN ')
	     WHEN o.type IN ('trigger', 'policy', 'rule') THEN upper(o.type) || ' ' || regexp_replace(o.identity, ' on ', ' ON ')
	     WHEN o.type LIKE '% column' THEN 'COLUMN ' || o.identity
	     WHEN o.type IN ('composite type', 'enum type') THEN 'TYPE ' || o.identity
	     WHEN o.type = 'statistics object' THEN 'STATISTICS ' || o.identity
	     ELSE upper(o.type) || ' ' || o.identity END
	   || ' IS ' || quote_literal(d.description) || ';'
	 FROM pg_description d, pg_identify_object(d.classoid, d.objoid, d.objsubid) o
	 WHERE d.objoid >= 16384 AND d.classoid <> 'pg_extension'::regclass`,

	// privileges that differ from the defaults
	grantsQuery,

	// default privileges
	defaultPrivilegesQuery,

	// objects in the dumped schemas that this dump does not reproduce
	`SELECT ` + itoa(prioNote) + `, coalesce(o.schema, '')::text, o.type, o.identity, 'note:' || x.classid || ':' || x.objid, '', '{}'::text[],
	   '-- not reproduced by this dump: ' || o.type || ' ' || o.identity
	 FROM (SELECT 'pg_proc'::regclass AS classid, p.oid AS objid, p.pronamespace AS nsp FROM pg_proc p WHERE p.prokind IN ('a', 'w') AND p.oid >= 16384
	   UNION ALL SELECT 'pg_operator'::regclass, o.oid, o.oprnamespace FROM pg_operator o WHERE o.oid >= 16384
	   UNION ALL SELECT 'pg_collation'::regclass, co.oid, co.collnamespace FROM pg_collation co WHERE co.oid >= 16384
	   UNION ALL SELECT 'pg_type'::regclass, t.oid, t.typnamespace FROM pg_type t WHERE t.typtype IN ('b', 'p') AND t.typelem = 0 AND t.oid >= 16384
	   UNION ALL SELECT 'pg_class'::regclass, c.oid, c.relnamespace FROM pg_class c WHERE c.relkind = 'f' AND c.oid >= 16384
	   UNION ALL SELECT 'pg_ts_config'::regclass, c.oid, c.cfgnamespace FROM pg_ts_config c WHERE c.oid >= 16384
	   UNION ALL SELECT 'pg_ts_dict'::regclass, d.oid, d.dictnamespace FROM pg_ts_dict d WHERE d.oid >= 16384
	   UNION ALL SELECT 'pg_opclass'::regclass, c.oid, c.opcnamespace FROM pg_opclass c WHERE c.oid >= 16384
	   UNION ALL SELECT 'pg_conversion'::regclass, c.oid, c.connamespace FROM pg_conversion c WHERE c.oid >= 16384
	   UNION ALL SELECT 'pg_cast'::regclass, c.oid, NULL FROM pg_cast c WHERE c.oid >= 16384
	   UNION ALL SELECT 'pg_event_trigger'::regclass, e.oid, NULL FROM pg_event_trigger e WHERE e.oid >= 16384
	   UNION ALL SELECT 'pg_publication'::regclass, p.oid, NULL FROM pg_publication p WHERE p.oid >= 16384) x,
	   pg_identify_object(x.classid, x.objid, 0) o
	 WHERE (x.nsp IS NULL OR x.nsp IN (SELECT oid FROM ns)) AND x.objid >= 16384
	   AND NOT EXISTS (SELECT 1 FROM skip WHERE skip.classid = x.classid AND skip.objid = x.objid)`,
}

// tablesKind is the place of the tables' query in objectQueries.
const tablesKind = 8

// tablesQuery writes each table: its columns, options and the settings
// of its columns. Without inheritance (no row in pg_inherits, as in most
// databases) the parts that read a table's parents are left out, which
// makes the query cheaper to plan and gives the same text: a table then
// has no parents, is no partition and inherits no column.
func tablesQuery(inheritance bool) string {
	parents := `coalesce((SELECT array_agg('pg_class:' || i.inhparent ORDER BY i.inhseqno) FROM pg_inherits i WHERE i.inhrelid = c.oid), '{}')`
	columns := `' (' || coalesce((SELECT E'\n    ' || string_agg(` + columnDef + `, E',\n    ' ORDER BY a.attnum) || E'\n'
	          FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
	          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attislocal), '') || ')'`
	body := columns
	changes := ``
	if inheritance {
		body = `CASE WHEN c.relispartition THEN
	        ' PARTITION OF ' || (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid) || ' ' || pg_get_expr(c.relpartbound, c.oid)
	      ELSE
	        ` + columns + `
	        || coalesce((SELECT ' INHERITS (' || string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno) || ')' FROM pg_inherits i WHERE i.inhrelid = c.oid), '')
	      END`
		changes = `
	   || coalesce((SELECT string_agg(x, '' ORDER BY n, x) FROM (` + inheritedColumnChanges + `) changes), '')`
	} else {
		parents = `'{}'::text[]`
	}
	return `SELECT ` + itoa(prioTable) + `, ns.nspname::text, '', c.relname::text, 'pg_class:' || c.oid, 'pg_class:' || c.oid,
	   ` + parents + `,
	   'CREATE ' || CASE WHEN c.relpersistence = 'u' THEN 'UNLOGGED ' ELSE '' END || 'TABLE ' || ` + qname("ns.nspname", "c.relname") + `
	   || ` + body + `
	   || CASE WHEN c.relkind = 'p' THEN ' PARTITION BY ' || pg_get_partkeydef(c.oid) ELSE '' END
	   || coalesce(' WITH (' || array_to_string(c.reloptions || (SELECT array_agg('toast.' || o) FROM pg_class tc, unnest(tc.reloptions) o WHERE tc.oid = c.reltoastrelid), ', ') || ')', '')
	   || ';'` + changes + `
	   || coalesce((SELECT string_agg(x, '' ORDER BY n, x) FROM (` + columnSettings + `) settings), '')
	   || CASE c.relreplident WHEN 'f' THEN E'\nALTER TABLE ONLY ' || ` + qname("ns.nspname", "c.relname") + ` || ' REPLICA IDENTITY FULL;'
	        WHEN 'n' THEN E'\nALTER TABLE ONLY ' || ` + qname("ns.nspname", "c.relname") + ` || ' REPLICA IDENTITY NOTHING;' ELSE '' END
	 FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND c.oid >= 16384 AND ` + notSkipped("pg_class", "c.oid")
}

// objectPresence holds, for each of objectQueries in the same place, a
// test that is true whenever that query could return a row. Planning the
// queries of every kind costs more than running them on a typical schema
// (tables, their keys and indexes), and most kinds are absent from most
// databases, so the census (censusQuery) runs these tests first and the
// dump plans only the queries of the kinds present. A test may say true
// when its query returns nothing (the query is then planned for nothing);
// it must never say false when the query returns a row. The tests read
// one scan each of pg_class, pg_type and pg_proc (censusFrom), which is
// cheaper to plan than a test per kind; "true" stands for a kind whose
// query costs about as little to plan as its own tests would.
var objectPresence = []string{
	// schemas
	`true`,
	// extensions
	`EXISTS (SELECT 1 FROM pg_extension e WHERE e.extname <> 'plpgsql')`,
	// enum types, domains, composite types, range types
	`'e' = ANY (ty.kinds)`,
	`'d' = ANY (ty.kinds)`,
	`'c' = ANY (rel.kinds)`,
	`'r' = ANY (ty.kinds)`,
	// functions and procedures
	`pr.kinds && '{f,p}'`,
	// sequences, tables, views
	`'S' = ANY (rel.kinds)`,
	`rel.kinds && '{r,p}'`,
	`rel.kinds && '{v,m}'`,
	// sequences owned by a column
	`rel.sequences`,
	// constraints of tables
	`true`,
	// indexes not made by a constraint, index partitions
	`rel.kinds && '{i,I}'`,
	`rel.index_partitions`,
	// replica identity by index
	`rel.replica_index`,
	// triggers (relhastriggers is set when a table gets one)
	`rel.triggers`,
	// extended statistics
	`EXISTS (SELECT 1 FROM pg_statistic_ext s WHERE s.oid >= 16384)`,
	// rules (relhasrules, as for triggers)
	`rel.rules`,
	// row-level security
	`rel.row_security`,
	// policies
	`EXISTS (SELECT 1 FROM pg_policy p WHERE p.oid >= 16384)`,
	// comments
	`EXISTS (SELECT 1 FROM pg_description d WHERE d.objoid >= 16384 AND d.classoid <> 'pg_extension'::regclass)`,
	// privileges: an ACL that is set, on a schema one that differs from
	// the default (public's is always set)
	`rel.acl OR ty.acl OR pr.acl OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attacl IS NOT NULL AND a.attrelid >= 16384)
	  OR EXISTS (SELECT 1 FROM ns JOIN pg_namespace n ON n.oid = ns.oid WHERE n.nspacl IS NOT NULL AND n.nspacl IS DISTINCT FROM
	    CASE WHEN ns.nspname = 'public' THEN acldefault('n', n.nspowner) || makeaclitem(0, n.nspowner, 'USAGE', false) ELSE acldefault('n', n.nspowner) END)`,
	// default privileges
	`EXISTS (SELECT 1 FROM pg_default_acl)`,
	// objects this dump does not reproduce
	`true`,
}

// censusFrom is what objectPresence reads: per catalog, over the objects in
// the dumped schemas, the kinds that are not part of another object and
// the flags of all of them.
var censusFrom = `(SELECT array_agg(DISTINCT c.relkind) FILTER (WHERE ` + notSkipped("pg_class", "c.oid") + `) AS kinds,
	  coalesce(bool_or(c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
	    AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a' AND d.refobjsubid > 0)), false) AS sequences,
	  coalesce(bool_or(c.relkind IN ('i', 'I') AND c.relispartition), false) AS index_partitions,
	  coalesce(bool_or(c.relreplident = 'i'), false) AS replica_index,
	  coalesce(bool_or(c.relhastriggers), false) AS triggers,
	  coalesce(bool_or(c.relhasrules), false) AS rules,
	  coalesce(bool_or(c.relrowsecurity OR c.relforcerowsecurity), false) AS row_security,
	  coalesce(bool_or(c.relacl IS NOT NULL), false) AS acl
	FROM pg_class c WHERE c.oid >= 16384 AND c.relnamespace IN (SELECT oid FROM ns)) rel,
	(SELECT array_agg(DISTINCT t.typtype) FILTER (WHERE ` + notSkipped("pg_type", "t.oid") + `) AS kinds, coalesce(bool_or(t.typacl IS NOT NULL), false) AS acl
	FROM pg_type t WHERE t.oid >= 16384 AND t.typnamespace IN (SELECT oid FROM ns)) ty,
	(SELECT array_agg(DISTINCT p.prokind) FILTER (WHERE ` + notSkipped("pg_proc", "p.oid") + `) AS kinds, coalesce(bool_or(p.proacl IS NOT NULL), false) AS acl
	FROM pg_proc p WHERE p.oid >= 16384 AND p.pronamespace IN (SELECT oid FROM ns)) pr`

// columnDef is one column of a table (a, its default d). The column's
// type is looked up by its oid where needed, not joined: the planner
// would hash all of pg_type once per table for a handful of columns.
const columnDef = `quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
	|| CASE WHEN a.attcollation <> 0 AND a.attcollation <> (SELECT at.typcollation FROM pg_type at WHERE at.oid = a.atttypid) THEN ' COLLATE ' || (SELECT ` + "quote_ident(cn.nspname) || '.' || quote_ident(co.collname)" + ` FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) ELSE '' END
	|| CASE WHEN a.attidentity IN ('a', 'd') THEN ' GENERATED ' || CASE a.attidentity WHEN 'a' THEN 'ALWAYS' ELSE 'BY DEFAULT' END || ' AS IDENTITY ('
	     || (SELECT 'SEQUENCE NAME ' || s.seqrelid::regclass::text || ' '
	         || CASE WHEN (SELECT sc.relpersistence FROM pg_class sc WHERE sc.oid = s.seqrelid) <> (SELECT tc.relpersistence FROM pg_class tc WHERE tc.oid = a.attrelid)
	              THEN CASE (SELECT sc.relpersistence FROM pg_class sc WHERE sc.oid = s.seqrelid) WHEN 'u' THEN 'UNLOGGED ' ELSE 'LOGGED ' END ELSE '' END
	         || ` + "'START WITH ' || s.seqstart || ' INCREMENT BY ' || s.seqincrement || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax || ' CACHE ' || s.seqcache || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END" + `
	         FROM pg_depend sd JOIN pg_sequence s ON s.seqrelid = sd.objid
	         WHERE sd.classid = 'pg_class'::regclass AND sd.refclassid = 'pg_class'::regclass AND sd.refobjid = a.attrelid AND sd.refobjsubid = a.attnum AND sd.deptype = 'i') || ')'
	   ELSE '' END
	|| CASE WHEN a.attgenerated = 's' THEN ' GENERATED ALWAYS AS (' || pg_get_expr(d.adbin, d.adrelid) || ') STORED'
	        WHEN d.adbin IS NOT NULL THEN ' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid) ELSE '' END
	|| CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END`

// inheritedColumnChanges: a column a table inherits (from INHERITS or
// PARTITION OF) but whose NOT NULL or default the table changed itself.
const inheritedColumnChanges = `SELECT a.attnum AS n, x
	FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
	JOIN pg_inherits i ON i.inhrelid = a.attrelid AND i.inhseqno = 1
	JOIN pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname
	LEFT JOIN pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum,
	LATERAL (VALUES
	  (CASE WHEN a.attnotnull AND NOT pa.attnotnull THEN E'\nALTER TABLE ONLY ' || c.oid::regclass::text || ' ALTER COLUMN ' || quote_ident(a.attname) || ' SET NOT NULL;' END),
	  (CASE WHEN a.attgenerated = '' AND pg_get_expr(d.adbin, d.adrelid) IS DISTINCT FROM pg_get_expr(pd.adbin, pd.adrelid) THEN
	     E'\nALTER TABLE ONLY ' || c.oid::regclass::text || ' ALTER COLUMN ' || quote_ident(a.attname)
	     || coalesce(' SET DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), ' DROP DEFAULT') || ';' END)) v(x)
	WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND NOT a.attislocal AND x IS NOT NULL`

// columnSettings: per-column storage, compression and statistics that
// differ from the defaults.
const columnSettings = `SELECT a.attnum AS n, x
	FROM pg_attribute a,
	LATERAL (VALUES
	  (CASE WHEN a.attstorage <> (SELECT at.typstorage FROM pg_type at WHERE at.oid = a.atttypid) THEN E'\nALTER TABLE ONLY ' || c.oid::regclass::text || ' ALTER COLUMN ' || quote_ident(a.attname) || ' SET STORAGE '
	     || CASE a.attstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END || ';' END),
	  (CASE WHEN a.attcompression <> '' THEN E'\nALTER TABLE ONLY ' || c.oid::regclass::text || ' ALTER COLUMN ' || quote_ident(a.attname) || ' SET COMPRESSION '
	     || CASE a.attcompression WHEN 'p' THEN 'pglz' ELSE 'lz4' END || ';' END),
	  (CASE WHEN a.attstattarget >= 0 THEN E'\nALTER TABLE ONLY ' || c.oid::regclass::text || ' ALTER COLUMN ' || quote_ident(a.attname) || ' SET STATISTICS ' || a.attstattarget || ';' END)) v(x)
	WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND x IS NOT NULL`

// aclObjects lists each dumped object that has privileges: its key, the
// GRANT target, its ACL and the ACL it would have by default.
const aclObjects = `SELECT 'pg_class:' || c.oid AS key, ns.nspname::text AS schema, c.relname::text AS name,
	  CASE WHEN c.relkind = 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || ` + "quote_ident(ns.nspname) || '.' || quote_ident(c.relname)" + ` AS target, '' AS cols,
	  c.relacl AS acl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner) AS def
	FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relacl IS NOT NULL AND c.oid >= 16384
	UNION ALL
	SELECT 'pg_class:' || c.oid, ns.nspname::text, c.relname::text, 'TABLE ' || ` + "quote_ident(ns.nspname) || '.' || quote_ident(c.relname)" + `, quote_ident(a.attname), a.attacl, NULL::aclitem[]
	FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN ns ON ns.oid = c.relnamespace WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped AND a.attrelid >= 16384
	UNION ALL
	SELECT 'pg_proc:' || p.oid, ns.nspname::text, p.proname::text,
	  CASE WHEN p.prokind = 'p' THEN 'PROCEDURE ' ELSE 'FUNCTION ' END || ` + "quote_ident(ns.nspname) || '.' || quote_ident(p.proname)" + ` || '(' || pg_get_function_identity_arguments(p.oid) || ')', '',
	  p.proacl, acldefault('f', p.proowner)
	FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace WHERE p.proacl IS NOT NULL AND p.oid >= 16384
	UNION ALL
	SELECT 'pg_type:' || t.oid, ns.nspname::text, t.typname::text, CASE WHEN t.typtype = 'd' THEN 'DOMAIN ' ELSE 'TYPE ' END || ` + "quote_ident(ns.nspname) || '.' || quote_ident(t.typname)" + `, '',
	  t.typacl, acldefault('T', t.typowner)
	FROM pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE t.typacl IS NOT NULL AND t.oid >= 16384
	UNION ALL
	SELECT 'pg_namespace:' || ns.oid, ns.nspname::text, '', 'SCHEMA ' || quote_ident(ns.nspname), '', n.nspacl,
	  CASE WHEN ns.nspname = 'public' THEN acldefault('n', n.nspowner) || makeaclitem(0, n.nspowner, 'USAGE', false) ELSE acldefault('n', n.nspowner) END
	FROM ns JOIN pg_namespace n ON n.oid = ns.oid WHERE n.nspacl IS NOT NULL`

// grantsQuery renders, per object and grantee, the privileges added to
// the default (GRANT) and taken from it (REVOKE).
var grantsQuery = `SELECT ` + itoa(prioGrant) + `, g.schema, g.name, g.target || g.cols, 'grant:' || g.key || ':' || g.target || g.cols || ':' || g.grantee || ':' || g.verb || g.grantable,
	g.key, '{}'::text[],
	g.verb || ' ' || string_agg(g.privilege || CASE WHEN g.cols <> '' THEN ' (' || g.cols || ')' ELSE '' END, ', ' ORDER BY g.privilege)
	|| ' ON ' || g.target || CASE g.verb WHEN 'GRANT' THEN ' TO ' ELSE ' FROM ' END || g.grantee
	|| CASE WHEN g.grantable THEN ' WITH GRANT OPTION' ELSE '' END || ';'
	FROM (
	  SELECT o.key, o.schema, o.name, o.target, o.cols, d.verb, d.privilege, d.grantable,
	    CASE WHEN d.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(d.grantee)) END AS grantee
	  FROM (` + aclObjects + `) o, LATERAL (
	    (SELECT 'GRANT' AS verb, e.grantee, e.privilege_type AS privilege, e.is_grantable AS grantable FROM aclexplode(o.acl) e
	     EXCEPT SELECT 'GRANT', e.grantee, e.privilege_type, e.is_grantable FROM aclexplode(o.def) e)
	    UNION ALL
	    (SELECT 'REVOKE', e.grantee, e.privilege_type, false FROM aclexplode(o.def) e
	     EXCEPT SELECT 'REVOKE', e.grantee, e.privilege_type, false FROM aclexplode(o.acl) e)) d
	) g
	GROUP BY g.key, g.schema, g.name, g.target, g.cols, g.verb, g.grantee, g.grantable`

// defaultPrivilegesQuery renders ALTER DEFAULT PRIVILEGES: per schema, the
// entries are grants; database-wide, they replace the built-in defaults.
var defaultPrivilegesQuery = `SELECT ` + itoa(prioDefaultPrivileges) + `, coalesce(n.nspname, '')::text, pg_get_userbyid(a.defaclrole)::text, d.kind || ':' || d.grantee || ':' || d.verb,
	'defacl:' || a.oid || ':' || d.grantee || ':' || d.verb || d.grantable,
	CASE WHEN a.defaclnamespace = 0 THEN '' ELSE 'pg_namespace:' || a.defaclnamespace END, '{}'::text[],
	'ALTER DEFAULT PRIVILEGES FOR ROLE ' || quote_ident(pg_get_userbyid(a.defaclrole)) || coalesce(' IN SCHEMA ' || quote_ident(n.nspname), '')
	|| ' ' || d.verb || ' ' || string_agg(d.privilege, ', ' ORDER BY d.privilege) || ' ON ' || d.kind
	|| CASE d.verb WHEN 'GRANT' THEN ' TO ' ELSE ' FROM ' END || d.grantee || CASE WHEN d.grantable THEN ' WITH GRANT OPTION' ELSE '' END || ';'
	FROM pg_default_acl a LEFT JOIN pg_namespace n ON n.oid = a.defaclnamespace,
	LATERAL (SELECT CASE a.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS' WHEN 'T' THEN 'TYPES' ELSE 'SCHEMAS' END AS kind,
	    CASE WHEN a.defaclnamespace = 0 THEN acldefault(CASE a.defaclobjtype WHEN 'S' THEN 's' ELSE a.defaclobjtype END, a.defaclrole) END AS def) k,
	LATERAL (SELECT k.kind, x.verb, x.privilege, x.grantable, CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(x.grantee)) END AS grantee FROM (
	    (SELECT 'GRANT' AS verb, e.grantee, e.privilege_type AS privilege, e.is_grantable AS grantable FROM aclexplode(a.defaclacl) e
	     EXCEPT SELECT 'GRANT', e.grantee, e.privilege_type, e.is_grantable FROM aclexplode(k.def) e)
	    UNION ALL
	    (SELECT 'REVOKE', e.grantee, e.privilege_type, false FROM aclexplode(k.def) e
	     EXCEPT SELECT 'REVOKE', e.grantee, e.privilege_type, false FROM aclexplode(a.defaclacl) e)) x) d
	WHERE a.defaclnamespace = 0 OR a.defaclnamespace IN (SELECT oid FROM ns)
	GROUP BY a.oid, n.nspname, a.defaclrole, d.kind, d.verb, d.grantee, d.grantable`

// membersQuery maps an object that is part of another to that other one,
// so pg_depend rows that name the part order the whole.
const membersQuery = `SELECT 'pg_attrdef:' || d.oid, 'pg_class:' || d.adrelid FROM pg_attrdef d WHERE d.oid >= 16384
UNION ALL SELECT 'pg_rewrite:' || r.oid, 'pg_class:' || r.ev_class FROM pg_rewrite r WHERE r.rulename = '_RETURN' AND r.oid >= 16384
UNION ALL SELECT 'pg_type:' || t.oid, 'pg_class:' || t.typrelid FROM pg_type t WHERE t.typrelid <> 0 AND t.oid >= 16384
UNION ALL SELECT 'pg_type:' || t.typarray, 'pg_type:' || t.oid FROM pg_type t WHERE t.typarray <> 0 AND t.oid >= 16384
UNION ALL SELECT 'pg_type:' || r.rngmultitypid, 'pg_type:' || r.rngtypid FROM pg_range r WHERE r.rngtypid >= 16384
UNION ALL SELECT 'pg_class:' || k.conindid, 'pg_constraint:' || k.oid FROM pg_constraint k WHERE k.conindid <> 0 AND k.contype IN ('p', 'u', 'x') AND k.oid >= 16384
UNION ALL SELECT 'pg_constraint:' || k.oid, 'pg_type:' || k.contypid FROM pg_constraint k WHERE k.contypid <> 0 AND k.oid >= 16384
UNION ALL SELECT 'pg_class:' || d.objid, 'pg_class:' || d.refobjid FROM pg_depend d
  WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'i' AND d.objid >= 16384
UNION ALL SELECT d.classid::regclass::text || ':' || d.objid, 'pg_extension:' || d.refobjid FROM pg_depend d WHERE d.deptype = 'e' AND d.objid >= 16384`

// dependsQuery lists what each user object uses. A sequence's link to the
// column that owns it is left out: the sequence comes first, the OWNED BY
// statement after the table.
const dependsQuery = `SELECT d.classid::regclass::text || ':' || d.objid, d.refclassid::regclass::text || ':' || d.refobjid
FROM pg_depend d WHERE d.deptype IN ('n', 'a') AND d.objid >= 16384 AND d.refobjid >= 16384
  AND NOT (d.deptype = 'a' AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
    AND EXISTS (SELECT 1 FROM pg_class s WHERE s.oid = d.objid AND s.relkind = 'S'))`

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

// kinds is what the census found: whether each object query's kind is
// present, and whether any table has a parent.
type kinds struct {
	present     []bool
	inheritance bool
}

// objectsQuery is the object queries whose kind is present (all of them
// when k is nil), one UNION ALL after the shared CTEs. The schemas' query
// is always present.
func objectsQuery(exclude []string, k *kinds) string {
	var b strings.Builder
	b.WriteString(prelude)
	n := 0
	for i, q := range objectQueries {
		if k != nil && !k.present[i] {
			continue
		}
		if k != nil && i == tablesKind && !k.inheritance {
			q = tablesQuery(false)
		}
		if n > 0 {
			b.WriteString("\nUNION ALL\n")
		}
		n++
		b.WriteString("(" + q + ")")
	}
	return strings.Replace(b.String(), "%EXCLUDE%", literalList(exclude), 1)
}

// censusQuery returns one row: for each object query, whether its kind is
// present (objectPresence), then whether pg_inherits has a row.
func censusQuery(exclude []string) string {
	return strings.Replace(prelude+"SELECT "+strings.Join(objectPresence, ",\n  ")+",\n  EXISTS (SELECT 1 FROM pg_inherits)\nFROM "+censusFrom,
		"%EXCLUDE%", literalList(exclude), 1)
}

func literalList(names []string) string {
	if len(names) == 0 {
		return "''"
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = quoteLiteral(n)
	}
	return strings.Join(out, ", ")
}

func quoteLiteral(s string) string {
	q := "'" + strings.ReplaceAll(s, "'", "''") + "'"
	if strings.Contains(s, `\`) {
		return "E" + strings.ReplaceAll(q, `\`, `\\`)
	}
	return q
}
