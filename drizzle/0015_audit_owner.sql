-- The audit trail belongs to a role the application does not connect as, so the application cannot
-- disable its append-only trigger, alter it or drop it; it keeps SELECT and INSERT. Done here when the
-- connecting role can (a superuser, a role with CREATEROLE, or a member of ferrule_audit_owner, as in
-- the two-role setup of docs/deployment.md); otherwise the table stays the application's and a notice says so.
DO $$
DECLARE
  app text := current_user;
  can_create boolean;
  granted boolean := false;
BEGIN
  SELECT rolsuper OR rolcreaterole INTO can_create FROM pg_roles WHERE rolname = current_user;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ferrule_audit_owner') AND can_create THEN
    BEGIN
      CREATE ROLE ferrule_audit_owner NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created meanwhile by another database's migration on this server
    END;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ferrule_audit_owner') THEN
    RAISE NOTICE 'audit_events stays owned by %: role ferrule_audit_owner does not exist and % cannot create it (see docs/deployment.md)', app, app;
    RETURN;
  END IF;
  IF NOT pg_has_role(app, 'ferrule_audit_owner', 'MEMBER') THEN
    IF NOT can_create THEN
      RAISE NOTICE 'audit_events stays owned by %: % is not a member of ferrule_audit_owner (see docs/deployment.md)', app, app;
      RETURN;
    END IF;
    EXECUTE format('GRANT ferrule_audit_owner TO %I', app);
    granted := true;
  END IF;
  -- A new owner needs CREATE on the table's schema (PostgreSQL 15 no longer grants it to everyone).
  IF NOT has_schema_privilege('ferrule_audit_owner', current_schema(), 'CREATE') THEN
    EXECUTE format('GRANT CREATE ON SCHEMA %I TO ferrule_audit_owner', current_schema());
  END IF;
  ALTER TABLE audit_events OWNER TO ferrule_audit_owner;
  ALTER FUNCTION audit_events_append_only() OWNER TO ferrule_audit_owner;
  EXECUTE format('GRANT SELECT, INSERT ON audit_events TO %I', app);
  EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE audit_events_id_seq TO %I', app);
  IF granted THEN
    EXECUTE format('REVOKE ferrule_audit_owner FROM %I', app);
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'audit_events stays owned by %: %', app, SQLERRM;
END $$;
