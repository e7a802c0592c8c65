"""Platform foundation: accounts, projects, membership, audit outbox, row-level security.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from alembic import op

from projectflow.db.sql import execute_script

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLES = """
CREATE TABLE users (
    id uuid PRIMARY KEY,
    email text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) <= 254),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

CREATE TABLE login_failures (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    ip text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_idx ON login_failures (email, at);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, at);

CREATE TABLE projects (
    id uuid PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '',
    created_by uuid NOT NULL REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE project_members (
    project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user_idx ON project_members (user_id);

-- Append-only: no foreign keys, so the trail outlives what it describes.
CREATE TABLE audit_outbox (
    id uuid PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_id uuid NOT NULL,
    project_id uuid,
    action text NOT NULL,
    subject_type text NOT NULL,
    subject_id uuid,
    request_id text,
    data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_outbox_project_idx ON audit_outbox (project_id, seq DESC);

CREATE FUNCTION audit_outbox_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_outbox is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_outbox_no_update_delete BEFORE UPDATE OR DELETE ON audit_outbox
    FOR EACH ROW EXECUTE FUNCTION audit_outbox_is_append_only();
CREATE TRIGGER audit_outbox_no_truncate BEFORE TRUNCATE ON audit_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION audit_outbox_is_append_only();
"""

# Identity as seen by policies. NULL and '' (a finished SET LOCAL) both mean nobody.
IDENTITY = """
CREATE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE AS $$
    SELECT NULLIF(current_setting('app.user_id', true), '')::uuid
$$;
"""

# SECURITY DEFINER helpers, owned by the BYPASSRLS guard role: membership checks inside
# policies would otherwise recurse into project_members' own policy, and sign-in has to find
# a user before anyone is acting.
GUARDED_FUNCTIONS = {
    "app_member_role(uuid)": """
CREATE FUNCTION app_member_role(p_project uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT role FROM project_members WHERE project_id = p_project AND user_id = app_user_id()
$$;""",
    # Policies call the two below as `(SELECT ...)::uuid[]`: an InitPlan, run once per statement
    # rather than once per row (a per-row membership lookup made a 5,000-card scan slow).
    "app_projects(text[])": """
CREATE FUNCTION app_projects(p_roles text[]) RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce(array_agg(project_id), '{}') FROM project_members
    WHERE user_id = app_user_id() AND role = ANY (p_roles)
$$;""",
    "app_visible_users()": """
CREATE FUNCTION app_visible_users() RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT array_remove(ARRAY[app_user_id()], NULL) || coalesce(array_agg(theirs.user_id), '{}')
    FROM project_members mine JOIN project_members theirs USING (project_id)
    WHERE mine.user_id = app_user_id()
$$;""",
    "app_project_is_unclaimed(uuid)": """
CREATE FUNCTION app_project_is_unclaimed(p_project uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM projects WHERE id = p_project AND created_by = app_user_id())
       AND NOT EXISTS (SELECT 1 FROM project_members WHERE project_id = p_project)
$$;""",
    # Resolves a bearer token and makes the transaction act as its owner, in one round trip.
    "auth_session(bytea)": """
CREATE FUNCTION auth_session(p_hash bytea, OUT id uuid, OUT email text, OUT name text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    SELECT u.id, u.email, u.name INTO id, email, name
    FROM api_tokens t JOIN users u ON u.id = t.user_id
    WHERE t.token_hash = p_hash AND t.revoked_at IS NULL AND t.expires_at > now();
    PERFORM set_config('app.user_id', COALESCE(id::text, ''), true);
END $$;""",
    "auth_credentials(text)": """
CREATE FUNCTION auth_credentials(p_email text, OUT id uuid, OUT password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT id, password_hash FROM users WHERE email = lower(p_email)
$$;""",
    "auth_user_id_by_email(text)": """
CREATE FUNCTION auth_user_id_by_email(p_email text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT id FROM users WHERE email = lower(p_email)
$$;""",
    "auth_email_taken(text)": """
CREATE FUNCTION auth_email_taken(p_email text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM users WHERE email = lower(p_email))
$$;""",
    "auth_recent_login_failures(text, text, timestamptz)": """
CREATE FUNCTION auth_recent_login_failures(
    p_email text, p_ip text, p_since timestamptz, OUT by_account bigint, OUT by_ip bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT (SELECT count(*) FROM login_failures WHERE email = lower(p_email) AND at > p_since),
           (SELECT count(*) FROM login_failures WHERE ip = p_ip AND at > p_since)
$$;""",
    "auth_record_login_failure(text, text)": """
CREATE FUNCTION auth_record_login_failure(p_email text, p_ip text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO login_failures (email, ip) VALUES (lower(p_email), p_ip);
    DELETE FROM login_failures WHERE at < now() - interval '1 day';
$$;""",
    "auth_clear_login_failures(text)": """
CREATE FUNCTION auth_clear_login_failures(p_email text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DELETE FROM login_failures WHERE email = lower(p_email)
$$;""",
}

# Row predicates, each evaluated once per statement (see app_projects).
ME = "(SELECT app_user_id())"
MEMBER_OF = "= ANY ((SELECT app_projects('{owner,admin,member,viewer}'))::uuid[])"
ADMIN_OF = "= ANY ((SELECT app_projects('{owner,admin}'))::uuid[])"
OWNER_OF = "= ANY ((SELECT app_projects('{owner}'))::uuid[])"

POLICIES = f"""
CREATE POLICY users_select ON users FOR SELECT
    USING (id = ANY ((SELECT app_visible_users())::uuid[]));
CREATE POLICY users_insert ON users FOR INSERT WITH CHECK (id = {ME});
CREATE POLICY users_update ON users FOR UPDATE USING (id = {ME}) WITH CHECK (id = {ME});

CREATE POLICY api_tokens_own ON api_tokens FOR ALL
    USING (user_id = {ME}) WITH CHECK (user_id = {ME});

-- login_failures: no policy at all; only the guard's functions touch it.

CREATE POLICY projects_select ON projects FOR SELECT USING (id {MEMBER_OF});
CREATE POLICY projects_insert ON projects FOR INSERT WITH CHECK (created_by = {ME});
CREATE POLICY projects_update ON projects FOR UPDATE
    USING (id {ADMIN_OF}) WITH CHECK (id {ADMIN_OF});
CREATE POLICY projects_delete ON projects FOR DELETE USING (id {OWNER_OF});

CREATE POLICY members_select ON project_members FOR SELECT USING (project_id {MEMBER_OF});
CREATE POLICY members_insert ON project_members FOR INSERT WITH CHECK (
    project_id {ADMIN_OF}
    OR (user_id = {ME} AND role = 'owner' AND app_project_is_unclaimed(project_id)));
CREATE POLICY members_update ON project_members FOR UPDATE
    USING (project_id {ADMIN_OF}) WITH CHECK (project_id {ADMIN_OF});
CREATE POLICY members_delete ON project_members FOR DELETE USING (project_id {ADMIN_OF});

CREATE POLICY audit_select ON audit_outbox FOR SELECT USING (
    CASE WHEN project_id IS NULL THEN actor_id = {ME} ELSE project_id {ADMIN_OF} END);
CREATE POLICY audit_insert ON audit_outbox FOR INSERT WITH CHECK (
    actor_id = {ME} AND (project_id IS NULL OR project_id {MEMBER_OF}));
"""

RLS_TABLES = (
    "users",
    "api_tokens",
    "login_failures",
    "projects",
    "project_members",
    "audit_outbox",
)

GRANTS = """
GRANT USAGE ON SCHEMA public TO projectflow_app, projectflow_maint, projectflow_guard;
GRANT SELECT, INSERT, UPDATE ON users TO projectflow_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON api_tokens, projects, project_members TO projectflow_app;
GRANT SELECT, INSERT ON audit_outbox TO projectflow_app;
GRANT SELECT ON audit_outbox TO projectflow_maint;
GRANT SELECT ON users, api_tokens, projects, project_members TO projectflow_guard;
GRANT SELECT, INSERT, DELETE ON login_failures TO projectflow_guard;
-- The guard must be able to own functions in this schema.
GRANT CREATE ON SCHEMA public TO projectflow_guard;
"""


def upgrade() -> None:
    execute_script(TABLES)
    execute_script(IDENTITY)
    execute_script(GRANTS)
    for signature, definition in GUARDED_FUNCTIONS.items():
        op.execute(definition)
        op.execute(f"ALTER FUNCTION {signature} OWNER TO projectflow_guard")
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO projectflow_app")
    for table in RLS_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    execute_script(POLICIES)


def downgrade() -> None:
    for table in reversed(RLS_TABLES):
        op.execute(f"DROP TABLE {table} CASCADE")
    for signature in GUARDED_FUNCTIONS:
        op.execute(f"DROP FUNCTION {signature}")
    op.execute("DROP FUNCTION audit_outbox_is_append_only()")
    op.execute("DROP FUNCTION app_user_id()")
    op.execute("REVOKE CREATE ON SCHEMA public FROM projectflow_guard")
    op.execute(
        "REVOKE USAGE ON SCHEMA public FROM projectflow_app, projectflow_maint, projectflow_guard"
    )
