"""Comments their authors edit and delete (admins delete any); invitation links, each with a
secret token stored only as its SHA-256.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from alembic import op

from projectflow.db.sql import execute_script

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ME = "(SELECT app_user_id())"
WRITER_OF = "= ANY ((SELECT app_projects('{owner,admin,member}'))::uuid[])"
ADMIN_OF = "= ANY ((SELECT app_projects('{owner,admin}'))::uuid[])"

COMMENTS = f"""
ALTER TABLE comments ADD COLUMN edited_at timestamptz;
-- An author changes only the words (and when they last did): never the card, the project or
-- who wrote it.
GRANT UPDATE (body, edited_at) ON comments TO projectflow_app;
GRANT DELETE ON comments TO projectflow_app;
CREATE POLICY comments_update ON comments FOR UPDATE
    USING (author_id = {ME} AND project_id {WRITER_OF})
    WITH CHECK (author_id = {ME} AND project_id {WRITER_OF});
CREATE POLICY comments_delete ON comments FOR DELETE
    USING (project_id {ADMIN_OF} OR (author_id = {ME} AND project_id {WRITER_OF}));
"""

COMMENTS_DOWN = """
DROP POLICY comments_delete ON comments;
DROP POLICY comments_update ON comments;
REVOKE DELETE, UPDATE (body, edited_at) ON comments FROM projectflow_app;
ALTER TABLE comments DROP COLUMN edited_at;
"""

INVITATIONS = f"""
-- A link's secret, only as its SHA-256 (the token itself is shown once). Invitations made
-- before links existed have none until an admin makes one.
ALTER TABLE invitations ADD COLUMN token_hash bytea UNIQUE
    CHECK (octet_length(token_hash) = 32);
-- Admins renew a link (the old one stops working).
GRANT UPDATE (token_hash) ON invitations TO projectflow_app;
CREATE POLICY invitations_update ON invitations FOR UPDATE
    USING (project_id {ADMIN_OF}) WITH CHECK (project_id {ADMIN_OF});
-- Whoever holds a link is nobody the invitation's RLS knows: the guard's functions below look
-- it up by hash, and readdress it to the person accepting it.
GRANT UPDATE (email), DELETE ON invitations TO projectflow_guard;
"""

INVITATIONS_DOWN = """
REVOKE UPDATE (email), DELETE ON invitations FROM projectflow_guard;
DROP POLICY invitations_update ON invitations;
REVOKE UPDATE (token_hash) ON invitations FROM projectflow_app;
ALTER TABLE invitations DROP COLUMN token_hash;
"""

GUARDED_FUNCTIONS = {
    # What a link offers, to anyone holding it, signed in or not (no row: no such link).
    "app_invitation_preview(bytea)": """
CREATE FUNCTION app_invitation_preview(p_hash bytea)
RETURNS TABLE (project_name text, invited_by_name text, role text, email text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT p.name, i.invited_by_name, i.role, i.email
    FROM invitations i JOIN projects p ON p.id = i.project_id
    WHERE i.token_hash = p_hash
$$;""",
    # The signed-in caller takes a link's invitation over: it is readdressed to their email, so
    # the ordinary accept (RLS by email, app_invited) lets them join. An invitation of theirs by
    # email to the same project gives way to it (one invitation per project and email). No row
    # (NULLs): no such link, or nobody signed in.
    "app_claim_invitation(bytea)": """
CREATE FUNCTION app_claim_invitation(
    p_hash bytea, OUT invitation_id uuid, OUT invited_email text, OUT replaced_id uuid)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_email text := app_user_email();
    v_project uuid;
BEGIN
    IF v_email IS NULL THEN
        RETURN;
    END IF;
    SELECT i.id, i.project_id, i.email INTO invitation_id, v_project, invited_email
    FROM invitations i WHERE i.token_hash = p_hash FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    DELETE FROM invitations i
    WHERE i.project_id = v_project AND i.email = v_email AND i.id <> invitation_id
    RETURNING i.id INTO replaced_id;
    UPDATE invitations i SET email = v_email WHERE i.id = invitation_id;
END $$;""",
}


def upgrade() -> None:
    execute_script(COMMENTS)
    execute_script(INVITATIONS)
    for signature, definition in GUARDED_FUNCTIONS.items():
        op.execute(definition)
        op.execute(f"ALTER FUNCTION {signature} OWNER TO projectflow_guard")
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO projectflow_app")


def downgrade() -> None:
    for signature in GUARDED_FUNCTIONS:
        op.execute(f"DROP FUNCTION {signature}")
    execute_script(INVITATIONS_DOWN)
    execute_script(COMMENTS_DOWN)
