"""AI runs on cards, their append-only usage ledger, and budgets per project and per card.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from alembic import op

from projectflow.db.sql import execute_script

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ME = "(SELECT app_user_id())"
MEMBER_OF = "= ANY ((SELECT app_projects('{owner,admin,member,viewer}'))::uuid[])"
WRITER_OF = "= ANY ((SELECT app_projects('{owner,admin,member}'))::uuid[])"
ADMIN_OF = "= ANY ((SELECT app_projects('{owner,admin}'))::uuid[])"
MONEY = "numeric(14, 6) NOT NULL DEFAULT 0"
LIMIT = "numeric(12, 4) CHECK ({} > 0)"

SCRIPT = f"""
CREATE TABLE ai_runs (
    id uuid PRIMARY KEY,
    project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    card_id uuid NOT NULL,
    job_id uuid NOT NULL,
    action text NOT NULL
        CHECK (action IN ('breakdown', 'draft', 'summarize', 'estimate', 'custom')),
    instructions text NOT NULL DEFAULT '' CHECK (length(instructions) <= 4000),
    auto_apply boolean NOT NULL DEFAULT false,
    provider text NOT NULL,
    model text NOT NULL,
    status text NOT NULL DEFAULT 'queued' CHECK (status IN (
        'queued', 'running', 'proposed', 'applied', 'discarded', 'succeeded', 'failed',
        'cancelled', 'budget_exceeded')),
    steps integer NOT NULL DEFAULT 0,
    input_tokens bigint NOT NULL DEFAULT 0,
    output_tokens bigint NOT NULL DEFAULT 0,
    cost_usd {MONEY},
    -- What the run's current provider call may still spend: counted against the budgets by
    -- the other runs of the project until the call's usage is in the ledger.
    reserved_usd {MONEY},
    answer text NOT NULL DEFAULT '',
    transcript jsonb NOT NULL DEFAULT '[]',
    proposal jsonb NOT NULL DEFAULT '[]',
    error text,
    created_by uuid NOT NULL REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
    decided_at timestamptz,
    UNIQUE (id, project_id),
    CONSTRAINT ai_runs_cards_project_fkey FOREIGN KEY (card_id, project_id)
        REFERENCES cards (id, project_id) ON DELETE CASCADE,
    CONSTRAINT ai_runs_jobs_project_fkey FOREIGN KEY (job_id, project_id)
        REFERENCES jobs (id, project_id) ON DELETE CASCADE
);
CREATE INDEX ai_runs_card_idx ON ai_runs (card_id, created_at DESC);
CREATE INDEX ai_runs_job_idx ON ai_runs (job_id);
CREATE INDEX ai_runs_running_idx ON ai_runs (project_id) WHERE status = 'running';

-- Append-only: the application may add rows and read them, never change or remove them. A
-- deleted card or run keeps its spending on the project's books (no foreign key to them).
CREATE TABLE ai_usage (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    card_id uuid NOT NULL,
    run_id uuid NOT NULL,
    user_id uuid NOT NULL REFERENCES users(id),
    model text NOT NULL,
    input_tokens bigint NOT NULL CHECK (input_tokens >= 0),
    output_tokens bigint NOT NULL CHECK (output_tokens >= 0),
    cost_usd numeric(14, 6) NOT NULL CHECK (cost_usd >= 0),
    -- The provider reported nothing (a stream cut at a budget, or broken off): counted from
    -- what was sent and received.
    estimated boolean NOT NULL DEFAULT false,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ai_usage_project_at_idx ON ai_usage (project_id, at);
CREATE INDEX ai_usage_card_idx ON ai_usage (project_id, card_id);

CREATE TABLE ai_budgets (
    project_id uuid PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    monthly_limit_usd {LIMIT.format("monthly_limit_usd")},
    per_run_limit_usd {LIMIT.format("per_run_limit_usd")},
    updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ai_card_budgets (
    project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    card_id uuid NOT NULL,
    limit_usd numeric(12, 4) NOT NULL CHECK (limit_usd > 0),
    updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, card_id),
    CONSTRAINT ai_card_budgets_cards_project_fkey FOREIGN KEY (card_id, project_id)
        REFERENCES cards (id, project_id) ON DELETE CASCADE
);

GRANT SELECT, INSERT, UPDATE ON ai_runs TO projectflow_app;
GRANT SELECT, INSERT ON ai_usage TO projectflow_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ai_budgets, ai_card_budgets TO projectflow_app;

-- A run acts as its creator, who keeps their own runs' rows after leaving the project (the run
-- then fails for want of access, instead of hanging), like jobs.
CREATE POLICY ai_runs_select ON ai_runs FOR SELECT
    USING (project_id {MEMBER_OF} OR created_by = {ME});
CREATE POLICY ai_runs_insert ON ai_runs FOR INSERT
    WITH CHECK (created_by = {ME} AND project_id {WRITER_OF});
CREATE POLICY ai_runs_update ON ai_runs FOR UPDATE
    USING (created_by = {ME} OR project_id {WRITER_OF})
    WITH CHECK (created_by = {ME} OR project_id {WRITER_OF});
CREATE POLICY ai_usage_select ON ai_usage FOR SELECT USING (project_id {MEMBER_OF});
-- Spending is recorded even when its user has just left the project: for their own runs.
CREATE POLICY ai_usage_insert ON ai_usage FOR INSERT WITH CHECK (
    user_id = {ME} AND EXISTS (SELECT 1 FROM ai_runs r
        WHERE r.id = run_id AND r.project_id = ai_usage.project_id AND r.created_by = {ME}));
CREATE POLICY ai_budgets_select ON ai_budgets FOR SELECT USING (project_id {MEMBER_OF});
CREATE POLICY ai_budgets_write ON ai_budgets FOR ALL
    USING (project_id {ADMIN_OF}) WITH CHECK (project_id {ADMIN_OF});
CREATE POLICY ai_card_budgets_select ON ai_card_budgets FOR SELECT
    USING (project_id {MEMBER_OF});
CREATE POLICY ai_card_budgets_write ON ai_card_budgets FOR ALL
    USING (project_id {ADMIN_OF}) WITH CHECK (project_id {ADMIN_OF});
"""

RLS = "\n".join(
    f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY; ALTER TABLE {table} FORCE ROW LEVEL SECURITY;"
    for table in ("ai_runs", "ai_usage", "ai_budgets", "ai_card_budgets")
)


def upgrade() -> None:
    execute_script(SCRIPT + RLS)


def downgrade() -> None:
    op.execute("DROP TABLE ai_card_budgets, ai_budgets, ai_usage, ai_runs")
