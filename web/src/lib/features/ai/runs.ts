/** The pure parts of showing AI runs: their words, their states, and tool calls in short. */
import type { AiAction, AiRun, AiRunStatus, ProposalItem } from '$lib/api/types';
import type { BudgetWarning } from './live-run';
import { formatUsd } from './money';
import type { FinalStatus } from './run-events';

/** The preset actions, as their buttons say them (`custom` is the instruction field). */
export const PRESET_ACTIONS: readonly { action: Exclude<AiAction, 'custom'>; label: string; hint: string }[] = [
	{ action: 'breakdown', label: 'Break down', hint: 'Propose subtasks for this card' },
	{ action: 'draft', label: 'Draft', hint: 'Draft the description with acceptance criteria' },
	{ action: 'summarize', label: 'Summarize', hint: 'Summarise the card and its discussion as a comment' },
	{ action: 'estimate', label: 'Estimate', hint: 'Estimate the effort as a comment' }
];

const ACTION_LABELS: Record<AiAction, string> = {
	breakdown: 'Break down',
	draft: 'Draft',
	summarize: 'Summarize',
	estimate: 'Estimate',
	custom: 'Custom'
};

export function actionLabel(action: AiAction): string {
	return ACTION_LABELS[action];
}

const STATUS_LABELS: Record<AiRunStatus, string> = {
	queued: 'Queued',
	running: 'Running',
	proposed: 'Awaiting review',
	applied: 'Applied',
	discarded: 'Discarded',
	succeeded: 'Done',
	failed: 'Failed',
	cancelled: 'Stopped',
	budget_exceeded: 'Over budget'
};

export function runStatusLabel(status: AiRunStatus): string {
	return STATUS_LABELS[status];
}

/** Queued or running: its stream is worth following. */
export function isRunActive(status: AiRunStatus): boolean {
	return status === 'queued' || status === 'running';
}

/** How a run's job ended, from the run's own status (when its stream could not be followed). */
export function jobEndOf(status: AiRunStatus): FinalStatus {
	if (status === 'cancelled') return 'cancelled';
	return status === 'failed' || status === 'budget_exceeded' ? 'failed' : 'succeeded';
}

/** A run worth showing at the top of the panel: still going, or waiting for a decision. */
export function needsAttention(run: AiRun): boolean {
	return isRunActive(run.status) || (run.status === 'proposed' && run.proposal.some((item) => item.status === 'pending'));
}

/** Why a run did not end well, in plain words (the server's message when it gave one). */
export function runProblem(run: Pick<AiRun, 'status' | 'error'>): string | null {
	if (run.status === 'budget_exceeded') return run.error || 'The run was stopped: it reached an AI budget.';
	if (run.status === 'failed') return run.error || 'The run failed.';
	if (run.status === 'cancelled') return 'The run was stopped before it finished.';
	return null;
}

const ITEM_KINDS: Record<ProposalItem['kind'], string> = {
	create_subtask: 'New subtask',
	create_card: 'New card',
	update_card: 'Change card',
	move_card: 'Move card',
	add_comment: 'Comment'
};

export function itemKindLabel(kind: ProposalItem['kind']): string {
	return ITEM_KINDS[kind];
}

const SHORT = 60;

function shortValue(value: unknown): string {
	const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
	const line = text.replace(/\s+/g, ' ');
	return line.length > SHORT ? `${line.slice(0, SHORT - 1)}…` : line;
}

/** A tool call's arguments on one short line: `title: "Write tests", column_id: "c1…"`. */
export function shortArgs(args: Record<string, unknown>, max = 120): string {
	const line = Object.entries(args)
		.map(([name, value]) => `${name}: ${shortValue(value)}`)
		.join(', ');
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A tool's answer on one short line. */
export function shortResult(content: string, max = 160): string {
	const line = content.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** When a run started, as a short local date and time. */
export function formatWhen(iso: string, locale?: string): string {
	return new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The text an item would write (a description, a comment, or a title its summary leaves out), for a preview. */
export function itemPreview(item: ProposalItem, max = 600): string {
	const { description, body, title } = item.args;
	const titled = typeof title === 'string' && !item.summary.includes(title) ? title : '';
	const text = [description, body, titled].find((value): value is string => typeof value === 'string' && value.trim() !== '') ?? '';
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const ITEM_STATUS: Record<ProposalItem['status'], string> = { pending: 'Pending', applied: 'Applied', discarded: 'Discarded' };

export function itemStatusLabel(status: ProposalItem['status']): string {
	return ITEM_STATUS[status];
}

const BUDGETS: Record<string, string> = {
	card: 'this card’s AI limit',
	monthly: 'the project’s monthly AI budget',
	per_run: 'the per-run AI limit'
};

/** A budget warning in words: "$0.80 of this card’s AI limit ($1.00) is spent." */
export function warningText(warning: BudgetWarning): string {
	const budget = BUDGETS[warning.budget] ?? 'an AI budget';
	return `${formatUsd(warning.spent_usd)} of ${budget} (${formatUsd(warning.limit_usd)}) is spent.`;
}
