"""Compaction of board documents: readers get the snapshot with the updates after it, and the
maintenance role may merge a document's updates into its snapshot and prune them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from alembic import op

from projectflow.db.sql import execute_script

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# What a reader of a document needs after `p_after`: the snapshot first when compaction merged
# updates past `p_after` into it (its row says so), then the updates after what it covers.
READ_AFTER = """
CREATE FUNCTION crdt_read_after(p_doc uuid, p_after bigint)
RETURNS TABLE (update_id bigint, payload bytea, snapshot boolean)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_covers bigint;
    v_state bytea;
BEGIN
    SELECT s.covers_update_id, s.state INTO v_covers, v_state
        FROM crdt_snapshots s WHERE s.doc_id = p_doc;
    IF v_covers > p_after THEN
        RETURN QUERY SELECT v_covers, v_state, true;
        p_after := v_covers;
    END IF;
    RETURN QUERY SELECT u.id, u.update, false FROM crdt_updates u
        WHERE u.doc_id = p_doc AND u.id > p_after ORDER BY u.id;
END $$;
"""

# As before (a writer locks its document and reads what others committed since it last
# looked, in one round trip), now with the snapshot when one covers updates it has not seen.
LOCK_AND_READ = """
CREATE FUNCTION crdt_lock_and_read(p_doc uuid, p_after bigint)
RETURNS TABLE (update_id bigint, payload bytea, snapshot boolean)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM 1 FROM crdt_docs WHERE doc_id = p_doc FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no document %', p_doc USING ERRCODE = 'no_data_found';
    END IF;
    RETURN QUERY SELECT * FROM crdt_read_after(p_doc, p_after);
END $$;
"""

OLD_LOCK_AND_READ = """
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
"""

# The maintenance role compacts any document: it locks the document as writers do (FOR UPDATE
# needs an UPDATE grant on some column), reads and prunes its updates, writes its snapshot.
MAINTENANCE = """
GRANT SELECT, UPDATE (created_at) ON crdt_docs TO projectflow_maint;
GRANT SELECT, DELETE ON crdt_updates TO projectflow_maint;
GRANT SELECT, INSERT, UPDATE ON crdt_snapshots TO projectflow_maint;
CREATE POLICY crdt_docs_maint ON crdt_docs TO projectflow_maint USING (true);
CREATE POLICY crdt_updates_maint ON crdt_updates TO projectflow_maint USING (true);
CREATE POLICY crdt_snapshots_maint ON crdt_snapshots TO projectflow_maint
    USING (true) WITH CHECK (true);
"""


def upgrade() -> None:
    op.execute("DROP FUNCTION crdt_lock_and_read(uuid, bigint)")
    execute_script(READ_AFTER)
    execute_script(LOCK_AND_READ)
    execute_script(MAINTENANCE)


def downgrade() -> None:
    for table in ("crdt_snapshots", "crdt_updates", "crdt_docs"):
        op.execute(f"DROP POLICY {table}_maint ON {table}")
    op.execute("REVOKE ALL ON crdt_docs, crdt_updates, crdt_snapshots FROM projectflow_maint")
    op.execute("DROP FUNCTION crdt_lock_and_read(uuid, bigint)")
    op.execute("DROP FUNCTION crdt_read_after(uuid, bigint)")
    execute_script(OLD_LOCK_AND_READ)
