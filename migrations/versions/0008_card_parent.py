"""Subtasks: a card may name its parent card.

No foreign key: the board document is the truth and the parent may be deleted from it while the
child still names it; the projection keeps the id and readers treat a missing parent as none.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from alembic import op

from projectflow.db.sql import execute_script

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SCRIPT = """
ALTER TABLE cards ADD COLUMN parent_id uuid;
-- The subtasks of a card, within its project (a parent may sit on another board of it).
CREATE INDEX cards_parent_idx ON cards (project_id, parent_id) WHERE parent_id IS NOT NULL;
"""


def upgrade() -> None:
    execute_script(SCRIPT)


def downgrade() -> None:
    op.execute("DROP INDEX cards_parent_idx")
    op.execute("ALTER TABLE cards DROP COLUMN parent_id")
