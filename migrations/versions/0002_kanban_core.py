"""Kanban core: boards as CRDT documents (append-only updates) projected into relational rows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from alembic import op

from projectflow.db.sql import execute_script

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = """
CREATE TABLE boards (
    id uuid PRIMARY KEY,
    project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_by uuid NOT NULL REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX boards_project_idx ON boards (project_id, created_at);

-- One Yjs document per board (doc_id = the board's id): the source of truth for its content.
CREATE TABLE crdt_docs (
    doc_id uuid PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
    project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Yjs updates are binary (v1 encoding); (doc, client, seq) stores a retried update once.
CREATE TABLE crdt_updates (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_id uuid NOT NULL REFERENCES crdt_docs(doc_id) ON DELETE CASCADE,
    project_id uuid NOT NULL,
    client_id text NOT NULL,
    seq bigint NOT NULL,
    update bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (doc_id, client_id, seq)
);
CREATE INDEX crdt_updates_doc_idx ON crdt_updates (doc_id, id);

-- The merged state of all updates up to covers_update_id (written by compaction).
CREATE TABLE crdt_snapshots (
    doc_id uuid PRIMARY KEY REFERENCES crdt_docs(doc_id) ON DELETE CASCADE,
    project_id uuid NOT NULL,
    state bytea NOT NULL,
    covers_update_id bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Projections of the document, for queries, search, RLS and the audit trail.
CREATE TABLE columns (
    id uuid PRIMARY KEY,
    board_id uuid NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    project_id uuid NOT NULL,
    name text NOT NULL,
    position text COLLATE "C" NOT NULL,
    wip_limit integer CHECK (wip_limit > 0)
);
CREATE INDEX columns_board_idx ON columns (board_id, position, id);

-- column_id has no foreign key: a merge may leave a card whose column another client deleted;
-- the board view shows such cards in its first column.
CREATE TABLE cards (
    id uuid PRIMARY KEY,
    board_id uuid NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    project_id uuid NOT NULL,
    column_id uuid,
    title text NOT NULL,
    description text NOT NULL DEFAULT '',
    labels text[] NOT NULL DEFAULT '{}',
    assignee_ids uuid[] NOT NULL DEFAULT '{}',
    due timestamptz,
    archived boolean NOT NULL DEFAULT false,
    position text COLLATE "C" NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    search tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || description)) STORED
);
CREATE INDEX cards_board_idx ON cards (board_id, column_id, position, id);
CREATE INDEX cards_search_idx ON cards USING gin (search);
CREATE INDEX cards_labels_idx ON cards USING gin (labels);
CREATE INDEX cards_assignees_idx ON cards USING gin (assignee_ids);

CREATE TABLE comments (
    id uuid PRIMARY KEY,
    card_id uuid NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
    project_id uuid NOT NULL,
    author_id uuid REFERENCES users(id) ON DELETE SET NULL,
    author_name text,
    body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_card_idx ON comments (card_id, created_at);

-- A writer locks its document and reads what others committed since it last looked, in one
-- round trip. Each statement of a VOLATILE PL/pgSQL function takes a fresh snapshot, so the
-- read after the lock is granted sees the commit of the writer it waited for.
CREATE FUNCTION crdt_lock_and_read(p_doc uuid, p_after bigint)
RETURNS TABLE (update_id bigint, payload bytea)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM 1 FROM crdt_docs WHERE doc_id = p_doc FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no document %', p_doc USING ERRCODE = 'no_data_found';
    END IF;
    RETURN QUERY SELECT u.id, u.update FROM crdt_updates u
        WHERE u.doc_id = p_doc AND u.id > p_after ORDER BY u.id;
END $$;

-- Ids are global, but a document may name any: a client could reuse the id of a card on
-- another board, even one it cannot see. Projection asks here first (past RLS, on purpose).
CREATE FUNCTION crdt_ids_used_elsewhere(p_board uuid, p_ids uuid[]) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT id FROM cards WHERE id = ANY(p_ids) AND board_id <> p_board
    UNION ALL
    SELECT id FROM columns WHERE id = ANY(p_ids) AND board_id <> p_board
$$;
ALTER FUNCTION crdt_ids_used_elsewhere(uuid, uuid[]) OWNER TO projectflow_guard;
REVOKE ALL ON FUNCTION crdt_ids_used_elsewhere(uuid, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crdt_ids_used_elsewhere(uuid, uuid[]) TO projectflow_app;
"""

CONTENT_TABLES = ("boards", "crdt_docs", "crdt_updates", "crdt_snapshots", "columns", "cards")

# Row predicates, each evaluated once per statement (see app_projects in 0001).
MEMBER_OF = "= ANY ((SELECT app_projects('{owner,admin,member,viewer}'))::uuid[])"
WRITER_OF = "= ANY ((SELECT app_projects('{owner,admin,member}'))::uuid[])"
ADMIN_OF = "= ANY ((SELECT app_projects('{owner,admin}'))::uuid[])"
ME = "(SELECT app_user_id())"

POLICIES = f"""
CREATE POLICY comments_select ON comments FOR SELECT USING (project_id {MEMBER_OF});
-- Imported comments have no account behind them, only the name of who wrote them elsewhere.
CREATE POLICY comments_insert ON comments FOR INSERT WITH CHECK (project_id {WRITER_OF}
    AND (author_id = {ME} OR (author_id IS NULL AND author_name IS NOT NULL)));

-- Members read the trail of board content (a card's history); the whole trail stays with
-- owners and admins.
ALTER POLICY audit_select ON audit_outbox USING (
    CASE WHEN project_id IS NULL THEN actor_id = {ME}
         ELSE project_id {ADMIN_OF}
              OR (subject_type IN ('board', 'column', 'card', 'comment')
                  AND project_id {MEMBER_OF}) END);
"""

GRANTS = """
GRANT SELECT, INSERT, UPDATE, DELETE ON boards, crdt_docs, columns, cards TO projectflow_app;
GRANT SELECT, INSERT ON crdt_updates, comments TO projectflow_app;
GRANT SELECT ON crdt_snapshots TO projectflow_app;
GRANT SELECT ON cards, columns TO projectflow_guard;
"""


def upgrade() -> None:
    execute_script(TABLES)
    execute_script(GRANTS)
    for table in (*CONTENT_TABLES, "comments"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    for table in CONTENT_TABLES:
        op.execute(
            f"CREATE POLICY {table}_select ON {table} FOR SELECT USING (project_id {MEMBER_OF})"
        )
        op.execute(
            f"CREATE POLICY {table}_write ON {table} FOR ALL "
            f"USING (project_id {WRITER_OF}) WITH CHECK (project_id {WRITER_OF})"
        )
    execute_script(POLICIES)


def downgrade() -> None:
    op.execute(
        "ALTER POLICY audit_select ON audit_outbox USING ("
        f"CASE WHEN project_id IS NULL THEN actor_id = {ME} ELSE project_id {ADMIN_OF} END)"
    )
    for table in ("comments", *reversed(CONTENT_TABLES)):
        op.execute(f"DROP TABLE {table}")
    op.execute("DROP FUNCTION crdt_ids_used_elsewhere(uuid, uuid[])")
    op.execute("DROP FUNCTION crdt_lock_and_read(uuid, bigint)")
