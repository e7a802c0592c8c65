"""Hardening: child rows tied to their parent's project, password hashes out of the app's
reach, login throttling that cannot lock anyone out, invitations, leaving a project.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from alembic import op

from projectflow.db.sql import execute_script, split_statements

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Every child row carries its parent's project through a composite foreign key, so no row can
# point across projects, even written by the app role with direct SQL: RLS checks the row's own
# project_id, the key checks that its parent lives in that same project.
# Parents that children point at by (their key, project_id).
PARENT_KEYS = {"boards": "id", "crdt_docs": "doc_id", "cards": "id"}
# (child, its column, parent): each replaces PostgreSQL's default-named `<child>_<column>_fkey`.
CHILD_KEYS = (
    ("crdt_docs", "doc_id", "boards"),
    ("crdt_updates", "doc_id", "crdt_docs"),
    ("crdt_snapshots", "doc_id", "crdt_docs"),
    ("columns", "board_id", "boards"),
    ("cards", "board_id", "boards"),
    ("comments", "card_id", "cards"),
)
# Implied by crdt_docs' composite key to boards (whose project_id references projects).
CRDT_DOCS_PROJECT_KEY = (
    "crdt_docs_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE"
)


def _project_keys_up() -> list[str]:
    unique = [
        f"ALTER TABLE {table} ADD CONSTRAINT {table}_id_project_key UNIQUE ({key}, project_id)"
        for table, key in PARENT_KEYS.items()
    ]
    composite = [
        f"ALTER TABLE {child} DROP CONSTRAINT {child}_{column}_fkey, ADD CONSTRAINT "
        f"{child}_{parent}_project_fkey FOREIGN KEY ({column}, project_id) "
        f"REFERENCES {parent} ({PARENT_KEYS[parent]}, project_id) ON DELETE CASCADE"
        for child, column, parent in CHILD_KEYS
    ]
    return [*unique, *composite, "ALTER TABLE crdt_docs DROP CONSTRAINT crdt_docs_project_id_fkey"]


def _project_keys_down() -> list[str]:
    single = [
        f"ALTER TABLE {child} DROP CONSTRAINT {child}_{parent}_project_fkey, ADD CONSTRAINT "
        f"{child}_{column}_fkey FOREIGN KEY ({column}) "
        f"REFERENCES {parent} ({PARENT_KEYS[parent]}) ON DELETE CASCADE"
        for child, column, parent in reversed(CHILD_KEYS)
    ]
    unique = [
        f"ALTER TABLE {table} DROP CONSTRAINT {table}_id_project_key"
        for table in reversed(PARENT_KEYS)
    ]
    return [f"ALTER TABLE crdt_docs ADD CONSTRAINT {CRDT_DOCS_PROJECT_KEY}", *single, *unique]


# The app reads and writes users without ever seeing a password hash: it may insert one (sign-up)
# but only the guard's functions read it (auth_credentials).
USER_COLUMNS = """
REVOKE SELECT, UPDATE ON users FROM projectflow_app;
GRANT SELECT (id, email, name, created_at) ON users TO projectflow_app;
GRANT UPDATE (name) ON users TO projectflow_app;
"""

USER_COLUMNS_DOWN = """
REVOKE SELECT (id, email, name, created_at), UPDATE (name) ON users FROM projectflow_app;
GRANT SELECT, UPDATE ON users TO projectflow_app;
"""

# Login throttling per (account, address) and per address, with an exponential slow-down
# instead of a lock: a stranger's failures from elsewhere never refuse the owner. An attempt is
# counted before the password is checked (check-and-count in one locked step), so concurrent
# guesses cannot exceed the free attempts.
THROTTLE = """
DROP FUNCTION auth_recent_login_failures(text, text, timestamptz);
DROP FUNCTION auth_record_login_failure(text, text);
DROP FUNCTION auth_clear_login_failures(text);
DROP TABLE login_failures;
-- Invitations go by email: nothing looks an account up by email before sign-in any more.
DROP FUNCTION auth_user_id_by_email(text);

CREATE TABLE login_throttle (
    key text PRIMARY KEY,
    attempts integer NOT NULL,
    last_attempt_at timestamptz NOT NULL
);
CREATE INDEX login_throttle_age_idx ON login_throttle (last_attempt_at);
ALTER TABLE login_throttle ENABLE ROW LEVEL SECURITY;
ALTER TABLE login_throttle FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttle TO projectflow_guard;
"""

THROTTLE_DOWN = """
DROP TABLE login_throttle;
CREATE TABLE login_failures (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    ip text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_idx ON login_failures (email, at);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, at);
ALTER TABLE login_failures ENABLE ROW LEVEL SECURITY;
ALTER TABLE login_failures FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON login_failures TO projectflow_guard;
"""

INVITATIONS = """
-- Pending invitations only: accepting, declining or revoking one deletes it (the audit trail
-- keeps the story). An email need not belong to an account yet.
CREATE TABLE invitations (
    id uuid PRIMARY KEY,
    project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
    role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    invited_by uuid REFERENCES users(id) ON DELETE SET NULL,
    invited_by_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, email)
);
CREATE INDEX invitations_email_idx ON invitations (email);
GRANT SELECT, INSERT, DELETE ON invitations TO projectflow_app;
GRANT SELECT ON invitations TO projectflow_guard;

CREATE FUNCTION app_user_email() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT email FROM users WHERE id = app_user_id()
$$;
"""

GUARDED_FUNCTIONS = {
    "auth_login_attempt(text, text, integer, integer, integer, integer)": """
CREATE FUNCTION auth_login_attempt(
    p_email text, p_ip text, p_free_per_pair integer, p_free_per_address integer,
    p_base_seconds integer, p_window_seconds integer) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
-- 0: go ahead (the attempt is counted); else the seconds to wait before the next one. Past the
-- free attempts, the n-th further one waits p_base_seconds * 2^(n-1), at most the window.
DECLARE
    v_keys text[] := ARRAY['addr:' || p_ip, 'pair:' || lower(p_email) || ' ' || p_ip];
    v_free integer[] := ARRAY[p_free_per_address, p_free_per_pair];
    v_window interval := make_interval(secs => p_window_seconds);
    v_wait double precision := 0;
    v_row login_throttle;
BEGIN
    INSERT INTO login_throttle (key, attempts, last_attempt_at)
        SELECT k, 0, '-infinity' FROM unnest(v_keys) AS k ON CONFLICT (key) DO NOTHING;
    FOR i IN 1 .. 2 LOOP  -- 'addr:' sorts before 'pair:': every caller locks in one order
        SELECT * INTO v_row FROM login_throttle WHERE key = v_keys[i] FOR UPDATE;
        IF v_row.last_attempt_at > now() - v_window AND v_row.attempts >= v_free[i] THEN
            v_wait := greatest(v_wait,
                least(p_base_seconds * power(2, v_row.attempts - v_free[i]), p_window_seconds)
                - extract(epoch FROM now() - v_row.last_attempt_at)::double precision);
        END IF;
    END LOOP;
    IF v_wait > 0 THEN
        RETURN ceil(v_wait)::integer;
    END IF;
    UPDATE login_throttle SET
        attempts = CASE WHEN last_attempt_at > now() - v_window THEN attempts + 1 ELSE 1 END,
        last_attempt_at = now()
    WHERE key = ANY (v_keys);
    IF random() < 0.01 THEN
        DELETE FROM login_throttle WHERE last_attempt_at < now() - interval '1 day';
    END IF;
    RETURN 0;
END $$;""",
    "auth_login_succeeded(text, text)": """
CREATE FUNCTION auth_login_succeeded(p_email text, p_ip text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DELETE FROM login_throttle WHERE key = 'pair:' || lower(p_email) || ' ' || p_ip;
    UPDATE login_throttle SET attempts = greatest(attempts - 1, 0) WHERE key = 'addr:' || p_ip;
$$;""",
    # Whether the caller holds an invitation to `p_project` with `p_role` (members_insert).
    "app_invited(uuid, text)": """
CREATE FUNCTION app_invited(p_project uuid, p_role text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM invitations i JOIN users u ON u.email = i.email
                   WHERE i.project_id = p_project AND i.role = p_role AND u.id = app_user_id())
$$;""",
    # An invitee may see the name of the project it is invited to, and nothing else of it.
    "app_invited_project_name(uuid)": """
CREATE FUNCTION app_invited_project_name(p_project uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT p.name FROM projects p
    WHERE p.id = p_project AND (app_member_role(p.id) IS NOT NULL OR EXISTS (
        SELECT 1 FROM invitations i JOIN users u ON u.email = i.email
        WHERE i.project_id = p.id AND u.id = app_user_id()))
$$;""",
}

ME = "(SELECT app_user_id())"
MY_EMAIL = "(SELECT app_user_email())"
ADMIN_OF = "= ANY ((SELECT app_projects('{owner,admin}'))::uuid[])"

POLICIES = f"""
CREATE POLICY invitations_select ON invitations FOR SELECT
    USING (project_id {ADMIN_OF} OR email = {MY_EMAIL});
CREATE POLICY invitations_insert ON invitations FOR INSERT
    WITH CHECK (project_id {ADMIN_OF} AND invited_by = {ME});
CREATE POLICY invitations_delete ON invitations FOR DELETE
    USING (project_id {ADMIN_OF} OR email = {MY_EMAIL});

-- Members may leave (delete their own row); an invitee joins with the role it was offered.
ALTER POLICY members_delete ON project_members
    USING (project_id {ADMIN_OF} OR user_id = {ME});
ALTER POLICY members_insert ON project_members WITH CHECK (
    project_id {ADMIN_OF}
    OR (user_id = {ME} AND role = 'owner' AND app_project_is_unclaimed(project_id))
    OR (user_id = {ME} AND app_invited(project_id, role)));
"""

POLICIES_DOWN = f"""
ALTER POLICY members_delete ON project_members USING (project_id {ADMIN_OF});
ALTER POLICY members_insert ON project_members WITH CHECK (
    project_id {ADMIN_OF}
    OR (user_id = {ME} AND role = 'owner' AND app_project_is_unclaimed(project_id)));
"""

OLD_THROTTLE_FUNCTIONS = """
CREATE FUNCTION auth_recent_login_failures(
    p_email text, p_ip text, p_since timestamptz, OUT by_account bigint, OUT by_ip bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT (SELECT count(*) FROM login_failures WHERE email = lower(p_email) AND at > p_since),
           (SELECT count(*) FROM login_failures WHERE ip = p_ip AND at > p_since)
$$;
CREATE FUNCTION auth_record_login_failure(p_email text, p_ip text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO login_failures (email, ip) VALUES (lower(p_email), p_ip);
    DELETE FROM login_failures WHERE at < now() - interval '1 day';
$$;
CREATE FUNCTION auth_clear_login_failures(p_email text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DELETE FROM login_failures WHERE email = lower(p_email)
$$;
"""
OLD_THROTTLE_FUNCTIONS += """
CREATE FUNCTION auth_user_id_by_email(p_email text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT id FROM users WHERE email = lower(p_email)
$$;
"""
OLD_THROTTLE_SIGNATURES = (
    "auth_recent_login_failures(text, text, timestamptz)",
    "auth_record_login_failure(text, text)",
    "auth_clear_login_failures(text)",
    "auth_user_id_by_email(text)",
)


def upgrade() -> None:
    for statement in _project_keys_up():
        op.execute(statement)
    execute_script(USER_COLUMNS)
    execute_script(THROTTLE)
    execute_script(INVITATIONS)
    op.execute("ALTER TABLE invitations ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE invitations FORCE ROW LEVEL SECURITY")
    _guard_functions(GUARDED_FUNCTIONS)
    execute_script(POLICIES)


def downgrade() -> None:
    execute_script(POLICIES_DOWN)
    for signature in GUARDED_FUNCTIONS:
        op.execute(f"DROP FUNCTION {signature}")
    op.execute("DROP TABLE invitations")
    op.execute("DROP FUNCTION app_user_email()")
    execute_script(THROTTLE_DOWN)
    _guard_functions(
        dict(zip(OLD_THROTTLE_SIGNATURES, split_statements(OLD_THROTTLE_FUNCTIONS), strict=True))
    )
    execute_script(USER_COLUMNS_DOWN)
    for statement in _project_keys_down():
        op.execute(statement)


def _guard_functions(functions: dict[str, str]) -> None:
    """Create SECURITY DEFINER functions owned by the guard, callable by the app role only."""
    for signature, definition in functions.items():
        op.execute(definition)
        op.execute(f"ALTER FUNCTION {signature} OWNER TO projectflow_guard")
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO projectflow_app")
