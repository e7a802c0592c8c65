/**
 * A run as its stream tells it: the reducer from stream events to what the panel shows while a
 * run goes on — the model's text and its tool calls in the order they came, the tokens and cost
 * so far, budget warnings, and how it ended. Pure: each event gives a new state.
 */
import type { JobStatus, ProposalItem } from '$lib/api/types';
import { addUsd } from './money';
import type { FinalStatus, RoundEvent, RunResult, RunStreamEvent } from './run-events';

/** A tool call, and once it came back, whether it worked and what it said. */
export type LiveTool = {
	id: string;
	step: number;
	name: string;
	args: Record<string, unknown>;
	outcome: { ok: boolean; content: string } | null;
};

export type LivePiece =
	| { type: 'text'; step: number; text: string }
	| { type: 'tool'; tool: LiveTool }
	| { type: 'note'; step: number; text: string };

export type BudgetWarning = { budget: string; spent_usd: string; limit_usd: string };

export type LiveState = {
	status: JobStatus;
	round: number;
	step: number;
	pieces: LivePiece[];
	inputTokens: number;
	outputTokens: number;
	costUsd: string;
	warnings: BudgetWarning[];
	proposal: ProposalItem[];
	result: RunResult | null;
	error: string | null;
};

export function initialLive(status: JobStatus = 'queued'): LiveState {
	return {
		status,
		round: 0,
		step: 0,
		pieces: [],
		inputTokens: 0,
		outputTokens: 0,
		costUsd: '0',
		warnings: [],
		proposal: [],
		result: null,
		error: null
	};
}

/** All the text the model wrote so far, its steps a paragraph apart. */
export function liveText(state: LiveState): string {
	return state.pieces
		.flatMap((piece) => (piece.type === 'text' ? [piece.text] : []))
		.join('\n\n');
}

export function isEnded(state: LiveState): state is LiveState & { status: FinalStatus } {
	return state.status === 'succeeded' || state.status === 'failed' || state.status === 'cancelled';
}

/** The state after `event`. Events of an older round are stale; a newer round starts afresh. */
export function reduceLive(state: LiveState, { round, event }: RoundEvent): LiveState {
	if (round < state.round || isEnded(state)) return state;
	const current = round > state.round ? { ...initialLive('running'), round } : state;
	return apply(current, event);
}

function apply(state: LiveState, event: RunStreamEvent): LiveState {
	switch (event.kind) {
		case 'job':
			return { ...state, status: event.status };
		case 'step':
			return { ...state, status: 'running', step: Math.max(state.step, event.step) };
		case 'text':
			return event.text === '' ? state : { ...state, status: 'running', pieces: appendText(state.pieces, event.step, event.text) };
		case 'tool_call':
			return { ...state, status: 'running', pieces: [...state.pieces, { type: 'tool', tool: newTool(event) }] };
		case 'tool_result':
			return { ...state, pieces: settleTool(state.pieces, event.id, { ok: event.ok, content: event.content }) };
		case 'usage':
			return addUsage(state, event);
		case 'budget_warning': {
			const { budget, spent_usd, limit_usd } = event;
			return { ...state, warnings: [...state.warnings.filter((w) => w.budget !== budget), { budget, spent_usd, limit_usd }] };
		}
		case 'note':
			return { ...state, pieces: [...state.pieces, { type: 'note', step: event.step, text: event.text }] };
		case 'proposal':
			return { ...state, proposal: event.items };
		case 'end':
			return { ...state, status: event.status, result: event.result, error: event.error };
	}
}

/** A delta joins the text of its step when that text is the last thing said; else it starts anew. */
function appendText(pieces: LivePiece[], step: number, text: string): LivePiece[] {
	const last = pieces.at(-1);
	if (last?.type === 'text' && last.step === step) return [...pieces.slice(0, -1), { ...last, text: last.text + text }];
	return [...pieces, { type: 'text', step, text }];
}

function newTool(event: Extract<RunStreamEvent, { kind: 'tool_call' }>): LiveTool {
	return { id: event.id, step: event.step, name: event.name, args: event.arguments, outcome: null };
}

function settleTool(pieces: LivePiece[], id: string, outcome: LiveTool['outcome']): LivePiece[] {
	return pieces.map((piece) => (piece.type === 'tool' && piece.tool.id === id ? { type: 'tool', tool: { ...piece.tool, outcome } } : piece));
}

/** The run's totals when the event carries them; else this call's usage added to the tally. */
function addUsage(state: LiveState, event: Extract<RunStreamEvent, { kind: 'usage' }>): LiveState {
	if (event.run) {
		const { input_tokens, output_tokens, cost_usd } = event.run;
		return { ...state, inputTokens: input_tokens, outputTokens: output_tokens, costUsd: cost_usd };
	}
	return {
		...state,
		inputTokens: state.inputTokens + event.input_tokens,
		outputTokens: state.outputTokens + event.output_tokens,
		costUsd: event.run_cost_usd ?? addUsd(state.costUsd, event.cost_usd)
	};
}
