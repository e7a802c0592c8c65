import { describe, expect, it } from 'vitest';
import { SseParser } from '$lib/api/sse';
import { initialLive, isEnded, liveText, reduceLive, type LiveState } from './live-run';
import { runEventOf, type RunStreamEvent } from './run-events';
import { anItem, ended, partial } from './test-runs';

/** The state after the wire `chunks`, read as the panel reads them (SSE → run event → reducer). */
function streamed(chunks: string[], from: LiveState = initialLive()): LiveState {
	const parser = new SseParser();
	let state = from;
	for (const sse of chunks.flatMap((chunk) => parser.push(chunk))) {
		const event = runEventOf(sse);
		if (event) state = reduceLive(state, event);
	}
	return state;
}

const at = (event: RunStreamEvent, round = 0) => ({ round, event });

describe('reduceLive', () => {
	it('appends text deltas into one piece per step, the steps a paragraph apart', () => {
		const state = streamed([
			partial(1, { kind: 'step', step: 1 }),
			partial(2, { kind: 'text', step: 1, text: 'Goal: ' }),
			partial(3, { kind: 'text', step: 1, text: 'ship it.' }),
			partial(4, { kind: 'step', step: 2 }),
			partial(5, { kind: 'text', step: 2, text: 'Done.' })
		]);
		expect(state.status).toBe('running');
		expect(state.step).toBe(2);
		expect(state.pieces).toEqual([
			{ type: 'text', step: 1, text: 'Goal: ship it.' },
			{ type: 'text', step: 2, text: 'Done.' }
		]);
		expect(liveText(state)).toBe('Goal: ship it.\n\nDone.');
	});

	it('keeps tool calls in order between the text, and marks each with its result', () => {
		const state = streamed([
			partial(1, { kind: 'text', step: 1, text: 'Let me read it.' }),
			partial(2, { kind: 'tool_call', step: 1, id: 'call_1', name: 'read_card', arguments: { card_id: 'c1' } }),
			partial(3, { kind: 'tool_call', step: 1, id: 'call_2', name: 'search_cards', arguments: { query: 'login' } }),
			partial(4, { kind: 'tool_result', step: 1, id: 'call_2', name: 'search_cards', ok: false, content: 'No such board.' }),
			partial(5, { kind: 'tool_result', step: 1, id: 'call_1', name: 'read_card', ok: true, content: '{"title": "Login"}' }),
			partial(6, { kind: 'text', step: 1, text: 'It is about login.' })
		]);
		expect(state.pieces).toEqual([
			{ type: 'text', step: 1, text: 'Let me read it.' },
			{ type: 'tool', tool: { id: 'call_1', step: 1, name: 'read_card', args: { card_id: 'c1' }, outcome: { ok: true, content: '{"title": "Login"}' } } },
			{ type: 'tool', tool: { id: 'call_2', step: 1, name: 'search_cards', args: { query: 'login' }, outcome: { ok: false, content: 'No such board.' } } },
			{ type: 'text', step: 1, text: 'It is about login.' }
		]);
	});

	it('adds up each call’s usage, or takes the run’s totals when the event has them', () => {
		const perCall = streamed([
			partial(1, { kind: 'usage', step: 1, input_tokens: 100, output_tokens: 20, cost_usd: '0.000150' }),
			partial(2, { kind: 'usage', step: 2, input_tokens: 130, output_tokens: 40, cost_usd: '0.000200' })
		]);
		expect([perCall.inputTokens, perCall.outputTokens, perCall.costUsd]).toEqual([230, 60, '0.00035']);

		const totals = streamed([
			partial(1, { kind: 'usage', step: 1, input_tokens: 100, output_tokens: 20, cost_usd: '0.01', run: { input_tokens: 500, output_tokens: 70, cost_usd: '0.04' } }),
			partial(2, { kind: 'usage', step: 2, input_tokens: 10, output_tokens: 5, cost_usd: '0.001', run_cost_usd: '0.041' })
		]);
		expect([totals.inputTokens, totals.outputTokens, totals.costUsd]).toEqual([510, 75, '0.041']);
	});

	it('keeps the latest warning per budget and the proposal, then ends with the job', () => {
		const items = [anItem(0, { kind: 'update_card', args: { card_id: 'c1', description: 'Goal' } })];
		const state = streamed([
			partial(1, { kind: 'budget_warning', budget: 'card', spent_usd: '0.80', limit_usd: '1.00' }),
			partial(2, { kind: 'budget_warning', budget: 'card', spent_usd: '0.90', limit_usd: '1.00' }),
			partial(3, { kind: 'proposal', items }),
			ended(4, 'succeeded', { result: { run_id: 'r1', status: 'proposed', items: 1, cost_usd: '0.9' } })
		]);
		expect(state.warnings).toEqual([{ budget: 'card', spent_usd: '0.90', limit_usd: '1.00' }]);
		expect(state.proposal).toEqual(items);
		expect(isEnded(state)).toBe(true);
		expect(state.result).toEqual({ run_id: 'r1', status: 'proposed', items: 1, cost_usd: '0.9' });
	});

	it('ends as failed with the error text, and nothing changes it afterwards', () => {
		const state = streamed([
			partial(1, { kind: 'text', step: 1, text: 'Hm' }),
			ended(2, 'failed', { error: 'The provider refused the key: check the API key.' }),
			partial(3, { kind: 'text', step: 1, text: ' late' })
		]);
		expect([state.status, state.error, liveText(state)]).toEqual(['failed', 'The provider refused the key: check the API key.', 'Hm']);
	});

	it('ignores events of an older round and starts afresh on a newer one (a retried job)', () => {
		let state = reduceLive(initialLive(), at({ kind: 'text', step: 1, text: 'first try' }, 1));
		state = reduceLive(state, at({ kind: 'text', step: 1, text: ' stale' }, 0));
		expect(liveText(state)).toBe('first try');
		state = reduceLive(state, at({ kind: 'text', step: 1, text: 'second try' }, 2));
		expect([state.round, liveText(state)]).toEqual([2, 'second try']);
	});

	it('follows the job from queued to running, and ignores what it does not know', () => {
		const state = streamed([
			`id: 1\nevent: progress\ndata: ${JSON.stringify({ type: 'progress', status: 'running', progress: 0.1, message: 'Step 1' })}\n\n`,
			partial(2, { kind: 'something_new', step: 1 }),
			'id: 3\nevent: partial\ndata: not json\n\n'
		]);
		expect(state).toEqual({ ...initialLive(), status: 'running' });
	});

	it('returns the same state for an event that changes nothing (no re-render)', () => {
		const state = initialLive('running');
		expect(reduceLive(state, at({ kind: 'text', step: 1, text: '' }))).toBe(state);
		const done = reduceLive(state, at({ kind: 'end', status: 'cancelled', result: null, error: null }));
		expect(reduceLive(done, at({ kind: 'step', step: 3 }))).toBe(done);
	});
});
