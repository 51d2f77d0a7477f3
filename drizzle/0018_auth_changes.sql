-- Every server keeps the callers it has recognised (API tokens, sessions) for a short while and
-- forgets them all when told that who may do what has changed: a token revoked or its scope changed,
-- a session ended, an account's grants or standing changed. Statement-level triggers tell every
-- listening server through one channel; the columns written on use (last_used_at, last_seen_at) do not.
CREATE OR REPLACE FUNCTION ferrule_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ferrule_auth_changed', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER api_tokens_auth_changed AFTER UPDATE OF user_id, token_hash, name, role, site_id, expires_at, revoked_at OR DELETE OR TRUNCATE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION ferrule_auth_changed();
--> statement-breakpoint
CREATE TRIGGER sessions_auth_changed AFTER UPDATE OF user_id, token_hash, csrf_token, expires_at OR DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION ferrule_auth_changed();
--> statement-breakpoint
CREATE TRIGGER users_auth_changed AFTER UPDATE OF email, name, active, password_hash OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION ferrule_auth_changed();
--> statement-breakpoint
CREATE TRIGGER role_grants_auth_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON role_grants
  FOR EACH STATEMENT EXECUTE FUNCTION ferrule_auth_changed();
