"""AI provider settings per project, with the API key sealed (AES-256-GCM) by the application.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from alembic import op

from projectflow.db.sql import execute_script

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

MEMBER_OF = "= ANY ((SELECT app_projects('{owner,admin,member,viewer}'))::uuid[])"
ADMIN_OF = "= ANY ((SELECT app_projects('{owner,admin}'))::uuid[])"

SCRIPT = f"""
CREATE TABLE ai_settings (
    project_id uuid PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    provider text NOT NULL CHECK (provider IN ('openai', 'anthropic')),
    base_url text NOT NULL CHECK (length(base_url) BETWEEN 1 AND 500),
    model text NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    -- Sealed by the application with its secret key; NULL: the provider needs no key.
    api_key_sealed bytea,
    -- The key's last characters, to tell keys apart without showing them.
    api_key_hint text CHECK (length(api_key_hint) <= 4),
    input_price_per_mtok numeric(12, 4) NOT NULL DEFAULT 0 CHECK (input_price_per_mtok >= 0),
    output_price_per_mtok numeric(12, 4) NOT NULL DEFAULT 0 CHECK (output_price_per_mtok >= 0),
    updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT, UPDATE, DELETE ON ai_settings TO projectflow_app;
ALTER TABLE ai_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_settings FORCE ROW LEVEL SECURITY;
-- Members' runs use the settings (the key stays sealed); owners and admins change them.
CREATE POLICY ai_settings_select ON ai_settings FOR SELECT USING (project_id {MEMBER_OF});
CREATE POLICY ai_settings_write ON ai_settings FOR ALL
    USING (project_id {ADMIN_OF}) WITH CHECK (project_id {ADMIN_OF});
"""


def upgrade() -> None:
    execute_script(SCRIPT)


def downgrade() -> None:
    op.execute("DROP TABLE ai_settings")
