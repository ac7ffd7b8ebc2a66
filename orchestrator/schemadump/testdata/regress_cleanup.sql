-- Run after a pg-regress file: drops what the dump does not reproduce
-- (see the package comment) so that the round trip compares the rest.
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT format('DROP EVENT TRIGGER %I', evtname) AS s FROM pg_event_trigger
    UNION ALL SELECT format('DROP PUBLICATION %I', pubname) FROM pg_publication
    UNION ALL SELECT format('DROP CAST (%s AS %s) CASCADE', castsource::regtype, casttarget::regtype)
      FROM pg_cast c WHERE c.oid >= 16384 AND NOT EXISTS (SELECT FROM pg_depend d
        WHERE d.classid = 'pg_cast'::regclass AND d.objid = c.oid AND d.deptype IN ('i', 'e'))
  LOOP EXECUTE r.s; END LOOP;
  FOR r IN SELECT format('DROP %s IF EXISTS %s CASCADE', k, n) AS s FROM (
      SELECT 1 AS o, 'FOREIGN TABLE' AS k, c.oid::regclass::text AS n FROM pg_class c WHERE c.relkind = 'f'
      UNION ALL SELECT 2, 'AGGREGATE', regexp_replace(p.oid::regprocedure::text, '\(\)$', '(*)') FROM pg_proc p WHERE p.prokind = 'a' AND p.oid >= 16384
      UNION ALL SELECT 3, 'OPERATOR FAMILY', format('%I.%I USING %I', n.nspname, f.opfname, a.amname)
        FROM pg_opfamily f JOIN pg_namespace n ON n.oid = f.opfnamespace JOIN pg_am a ON a.oid = f.opfmethod WHERE f.oid >= 16384
      UNION ALL SELECT 4, 'OPERATOR', o.oid::regoperator::text FROM pg_operator o WHERE o.oid >= 16384
      UNION ALL SELECT 5, 'COLLATION', format('%I.%I', n.nspname, c.collname) FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace WHERE c.oid >= 16384
      UNION ALL SELECT 6, 'CONVERSION', format('%I.%I', n.nspname, c.conname) FROM pg_conversion c JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.oid >= 16384
      UNION ALL SELECT 7, 'TEXT SEARCH CONFIGURATION', c.oid::regconfig::text FROM pg_ts_config c WHERE c.oid >= 16384
      UNION ALL SELECT 8, 'TEXT SEARCH DICTIONARY', d.oid::regdictionary::text FROM pg_ts_dict d WHERE d.oid >= 16384
      UNION ALL SELECT 9, 'TEXT SEARCH TEMPLATE', format('%I.%I', n.nspname, t.tmplname) FROM pg_ts_template t JOIN pg_namespace n ON n.oid = t.tmplnamespace WHERE t.oid >= 16384
      UNION ALL SELECT 10, 'TEXT SEARCH PARSER', format('%I.%I', n.nspname, p.prsname) FROM pg_ts_parser p JOIN pg_namespace n ON n.oid = p.prsnamespace WHERE p.oid >= 16384
      UNION ALL SELECT 11, 'TYPE', t.oid::regtype::text FROM pg_type t
        WHERE t.typtype = 'b' AND t.oid >= 16384 AND t.typelem = 0 AND NOT EXISTS (SELECT FROM pg_type a WHERE a.typarray = t.oid)
    ) x ORDER BY o, n
  LOOP
    BEGIN EXECUTE r.s; EXCEPTION WHEN others THEN RAISE NOTICE '%: %', r.s, SQLERRM; END;
  END LOOP;
END $$;
