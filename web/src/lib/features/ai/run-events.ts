/**
 * The events of an AI run's job stream (GET /api/jobs/{id}/events), as the panel reads them. A
 * run publishes `partial` job events whose `data` says what happened (`kind`: a step began, a
 * piece of text, a tool call and its result, usage, a budget warning, the proposal); the stream
 * ends with the job's final event. The OpenAPI schema cannot describe text/event-stream, so
 * these shapes follow docs/ai.md, with the proposal's items typed from the generated schema.
 */
import type { SseEvent } from '$lib/api/sse';
import type { JobStatus, ProposalItem } from '$lib/api/types';
import { isFinished } from '$lib/features/jobs/jobs';

export type FinalStatus = 'succeeded' | 'failed' | 'cancelled';

/** What the worker said a run came to, on the final event. */
export type RunResult = { run_id?: string; status?: string; items?: number; cost_usd?: string };

export type RunStreamEvent =
	| { kind: 'job'; status: JobStatus }
	| { kind: 'step'; step: number }
	| { kind: 'text'; step: number; text: string }
	| { kind: 'tool_call'; step: number; id: string; name: string; arguments: Record<string, unknown> }
	| { kind: 'tool_result'; step: number; id: string; name: string; ok: boolean; content: string }
	| { kind: 'usage'; step: number; input_tokens: number; output_tokens: number; cost_usd: string; run?: RunTotals; run_cost_usd?: string }
	| { kind: 'budget_warning'; budget: string; spent_usd: string; limit_usd: string }
	| { kind: 'note'; step: number; text: string }
	| { kind: 'proposal'; items: ProposalItem[] }
	| { kind: 'end'; status: FinalStatus; result: RunResult | null; error: string | null };

/** The run's totals so far, when a usage event carries them. */
export type RunTotals = { input_tokens: number; output_tokens: number; cost_usd: string };

/** An event of the stream with the job's round (a retried job starts over in a new round). */
export type RoundEvent = { round: number; event: RunStreamEvent };

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const amount = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '0');

/** The run event in an SSE event, or null for anything else (it is then ignored). */
export function runEventOf(sse: SseEvent): RoundEvent | null {
	let body: unknown;
	try {
		body = JSON.parse(sse.data);
	} catch {
		return null;
	}
	if (!isObject(body)) return null;
	const type = text(body.type) || sse.event;
	const event = type === 'partial' ? partialOf(body.data) : jobOf(type, body);
	return event && { round: count(body.round), event };
}

function jobOf(type: string, body: Fields): RunStreamEvent | null {
	if (isFinished(type)) {
		return { kind: 'end', status: type, result: isObject(body.result) ? (body.result as RunResult) : null, error: text(body.error) || null };
	}
	const status = text(body.status);
	return status === 'queued' || status === 'running' ? { kind: 'job', status } : null;
}

/** The `data` of a `partial` event (also the shape of a stored transcript entry, plus `kind`). */
export function partialOf(data: unknown): RunStreamEvent | null {
	if (!isObject(data)) return null;
	const step = count(data.step);
	switch (data.kind) {
		case 'step':
			return { kind: 'step', step };
		case 'text':
			return { kind: 'text', step, text: text(data.text) };
		case 'tool_call':
			return { kind: 'tool_call', step, id: text(data.id), name: text(data.name), arguments: isObject(data.arguments) ? data.arguments : {} };
		case 'tool_result':
			return { kind: 'tool_result', step, id: text(data.id), name: text(data.name), ok: data.ok === true, content: text(data.content) };
		case 'usage':
			return usageOf(data, step);
		case 'budget_warning':
			return { kind: 'budget_warning', budget: text(data.budget), spent_usd: amount(data.spent_usd), limit_usd: amount(data.limit_usd) };
		case 'note':
			return { kind: 'note', step, text: text(data.text) };
		case 'proposal':
			return Array.isArray(data.items) ? { kind: 'proposal', items: data.items as ProposalItem[] } : null;
		default:
			return null;
	}
}

function usageOf(data: Fields, step: number): RunStreamEvent {
	const usage: RunStreamEvent = {
		kind: 'usage',
		step,
		input_tokens: count(data.input_tokens),
		output_tokens: count(data.output_tokens),
		cost_usd: amount(data.cost_usd)
	};
	if (isObject(data.run)) {
		usage.run = { input_tokens: count(data.run.input_tokens), output_tokens: count(data.run.output_tokens), cost_usd: amount(data.run.cost_usd) };
	}
	if (data.run_cost_usd !== undefined) usage.run_cost_usd = amount(data.run_cost_usd);
	return usage;
}

/** The job's final event ends the stream. */
export function isFinalRunEvent(sse: SseEvent): boolean {
	return isFinished(sse.event);
}
