"""Board content people expect: project labels with colours, checklists and completed due dates
on cards, "done" columns, and where an imported board came from.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from alembic import op

from projectflow.db.sql import execute_script

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

MEMBER_OF = "= ANY ((SELECT app_projects('{owner,admin,member,viewer}'))::uuid[])"
WRITER_OF = "= ANY ((SELECT app_projects('{owner,admin,member}'))::uuid[])"

# Trello's colours, plus gray for a label without one (projectflow/labels/palette.py).
PALETTE = (
    "green",
    "yellow",
    "orange",
    "red",
    "purple",
    "blue",
    "sky",
    "lime",
    "pink",
    "black",
    "gray",
)
COLORS = ", ".join(f"'{color}'" for color in PALETTE)

SCRIPT = f"""
-- A label is a project-level name and colour; cards name their labels (the board document
-- holds names, so a label is never half-applied across a merge).
CREATE TABLE labels (
    id uuid PRIMARY KEY,
    project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    color text NOT NULL CHECK (color IN ({COLORS})),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, name)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON labels TO projectflow_app;
ALTER TABLE labels ENABLE ROW LEVEL SECURITY;
ALTER TABLE labels FORCE ROW LEVEL SECURITY;
CREATE POLICY labels_select ON labels FOR SELECT USING (project_id {MEMBER_OF});
CREATE POLICY labels_write ON labels FOR ALL
    USING (project_id {WRITER_OF}) WITH CHECK (project_id {WRITER_OF});

-- A card in a column marked done, or whose due date is marked complete, is never overdue.
ALTER TABLE columns ADD COLUMN done boolean NOT NULL DEFAULT false;
ALTER TABLE cards ADD COLUMN due_done boolean NOT NULL DEFAULT false;
-- [{{id, title, items: [{{id, text, done}}]}}] in order, projected from the document.
ALTER TABLE cards ADD COLUMN checklists jsonb NOT NULL DEFAULT '[]'
    CHECK (jsonb_typeof(checklists) = 'array');

-- Where an imported board came from ("trello:<board id>"), to notice a second import of it.
ALTER TABLE boards ADD COLUMN source text CHECK (length(source) <= 200);
CREATE INDEX boards_source_idx ON boards (project_id, source) WHERE source IS NOT NULL;
"""


def upgrade() -> None:
    execute_script(SCRIPT)


def downgrade() -> None:
    op.execute("ALTER TABLE boards DROP COLUMN source")
    op.execute("ALTER TABLE cards DROP COLUMN checklists, DROP COLUMN due_done")
    op.execute("ALTER TABLE columns DROP COLUMN done")
    op.execute("DROP TABLE labels")
