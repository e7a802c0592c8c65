"""Jobs: the job table, its outbox (relayed to NATS JetStream after commit), and job files.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from alembic import op

from projectflow.db.sql import execute_script

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ME = "(SELECT app_user_id())"
MEMBER_OF = "= ANY ((SELECT app_projects('{owner,admin,member,viewer}'))::uuid[])"
ADMIN_OF = "= ANY ((SELECT app_projects('{owner,admin}'))::uuid[])"

TABLES = """
CREATE TABLE jobs (
    id uuid PRIMARY KEY,
    project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
    status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    params jsonb NOT NULL DEFAULT '{}',
    attempts integer NOT NULL DEFAULT 0,
    -- Bumped by every retry: the queue message of each round has its own id.
    round integer NOT NULL DEFAULT 0,
    progress real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
    message text NOT NULL DEFAULT '',
    result jsonb,
    error text,
    cancel_requested boolean NOT NULL DEFAULT false,
    idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    created_by uuid NOT NULL REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    UNIQUE (project_id, idempotency_key),
    UNIQUE (id, project_id)
);
CREATE INDEX jobs_project_idx ON jobs (project_id, created_at DESC, id);

-- A job to hand to the queue; the relay deletes the row once JetStream has acknowledged it.
CREATE TABLE job_outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id uuid NOT NULL,
    project_id uuid NOT NULL,
    msg_id text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_outbox_jobs_project_fkey FOREIGN KEY (job_id, project_id)
        REFERENCES jobs (id, project_id) ON DELETE CASCADE
);

-- A job's input and output files, in parts, so that neither side ever holds a whole file.
CREATE TABLE job_files (
    job_id uuid NOT NULL,
    project_id uuid NOT NULL,
    name text NOT NULL CHECK (name IN ('input', 'output')),
    part integer NOT NULL CHECK (part >= 0),
    data bytea NOT NULL,
    PRIMARY KEY (job_id, name, part),
    CONSTRAINT job_files_jobs_project_fkey FOREIGN KEY (job_id, project_id)
        REFERENCES jobs (id, project_id) ON DELETE CASCADE
);

-- Wakes the relays (LISTEN job_outbox) when a transaction that queued jobs commits.
CREATE FUNCTION job_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('job_outbox', '');
    RETURN NULL;
END $$;
CREATE TRIGGER job_outbox_notify AFTER INSERT ON job_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION job_outbox_notify();

GRANT SELECT, INSERT, UPDATE ON jobs TO projectflow_app;
GRANT INSERT ON job_outbox TO projectflow_app;
GRANT SELECT, INSERT, DELETE ON job_files TO projectflow_app;
GRANT SELECT ON jobs TO projectflow_guard;
GRANT SELECT, UPDATE, DELETE ON job_outbox TO projectflow_guard;
"""

POLICIES = f"""
-- Workers act as the job's creator, who keeps their own jobs' rows after leaving the project:
-- such a job then fails for want of access to the project itself, instead of hanging.
CREATE POLICY jobs_select ON jobs FOR SELECT
    USING (project_id {MEMBER_OF} OR created_by = {ME});
CREATE POLICY jobs_insert ON jobs FOR INSERT
    WITH CHECK (created_by = {ME} AND project_id {MEMBER_OF});
-- Cancel and retry are for the creator and admins.
CREATE POLICY jobs_update ON jobs FOR UPDATE
    USING (created_by = {ME} OR project_id {ADMIN_OF})
    WITH CHECK (created_by = {ME} OR project_id {ADMIN_OF});
CREATE POLICY job_outbox_insert ON job_outbox FOR INSERT WITH CHECK (project_id {MEMBER_OF});
CREATE POLICY job_files_all ON job_files FOR ALL
    USING (project_id {MEMBER_OF}) WITH CHECK (project_id {MEMBER_OF});
"""

# The relay and the metrics work across projects, as nobody: they see queue plumbing (ids,
# kinds, counts), never a job's parameters or results.
GUARDED_FUNCTIONS = {
    "job_outbox_claim(integer)": """
CREATE FUNCTION job_outbox_claim(p_limit integer)
RETURNS TABLE (outbox_id bigint, msg_id text, job_id uuid, project_id uuid, kind text,
               created_by uuid)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT o.id, o.msg_id, j.id, j.project_id, j.kind, j.created_by
    FROM job_outbox o JOIN jobs j ON j.id = o.job_id
    ORDER BY o.id LIMIT p_limit
    FOR UPDATE OF o SKIP LOCKED
$$;""",
    "job_outbox_sent(bigint[])": """
CREATE FUNCTION job_outbox_sent(p_ids bigint[]) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DELETE FROM job_outbox WHERE id = ANY (p_ids)
$$;""",
    "job_outbox_backlog()": """
CREATE FUNCTION job_outbox_backlog() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT count(*) FROM job_outbox
$$;""",
    "job_status_counts()": """
CREATE FUNCTION job_status_counts() RETURNS TABLE (kind text, status text, jobs bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT kind, status, count(*) FROM jobs GROUP BY kind, status
$$;""",
}


def upgrade() -> None:
    execute_script(TABLES)
    for table in ("jobs", "job_outbox", "job_files"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    execute_script(POLICIES)
    for signature, definition in GUARDED_FUNCTIONS.items():
        op.execute(definition)
        op.execute(f"ALTER FUNCTION {signature} OWNER TO projectflow_guard")
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO projectflow_app")


def downgrade() -> None:
    for signature in GUARDED_FUNCTIONS:
        op.execute(f"DROP FUNCTION {signature}")
    op.execute("DROP TABLE job_files, job_outbox, jobs")
    op.execute("DROP FUNCTION job_outbox_notify()")
