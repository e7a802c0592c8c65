import { describe, expect, it } from 'vitest';
import { itemPreview, jobEndOf, needsAttention, runProblem, shortArgs, shortResult, warningText } from './runs';
import { aRun, anItem } from './test-runs';
import { liveOfRun } from './transcript';

describe('runs', () => {
	it('puts a tool call’s arguments on one short line', () => {
		expect(shortArgs({ title: 'Write tests', points: 3 })).toBe('title: "Write tests", points: 3');
		const long = shortArgs({ description: `Line one\n${'x'.repeat(200)}` });
		expect(long.length).toBeLessThanOrEqual(120);
		expect(long).toMatch(/^description: "Line one\\nx+…$/);
		expect(shortResult('  a\n\n b  ')).toBe('a b');
	});

	it('previews what an item would write, leaving out a title its summary already says', () => {
		expect(itemPreview(anItem(0, { kind: 'update_card', args: { card_id: 'c1', description: '## Goal' } }))).toBe('## Goal');
		expect(itemPreview(anItem(1, { summary: 'Create subtask “Tests”', args: { title: 'Tests' } }))).toBe('');
		expect(itemPreview(anItem(2, { summary: 'Create a subtask', args: { title: 'Tests' } }))).toBe('Tests');
	});

	it('says in plain words why a run did not end well', () => {
		expect(runProblem(aRun('r', { status: 'budget_exceeded', error: 'Stopped at this card’s AI budget ($1.00).' }))).toBe(
			'Stopped at this card’s AI budget ($1.00).'
		);
		expect(runProblem(aRun('r', { status: 'failed', error: null }))).toBe('The run failed.');
		expect(runProblem(aRun('r', { status: 'cancelled' }))).toMatch(/stopped/);
		expect(runProblem(aRun('r', { status: 'proposed' }))).toBeNull();
		expect([jobEndOf('budget_exceeded'), jobEndOf('cancelled'), jobEndOf('applied')]).toEqual(['failed', 'cancelled', 'succeeded']);
	});

	it('words a budget warning', () => {
		expect(warningText({ budget: 'card', spent_usd: '0.8', limit_usd: '1' })).toBe('$0.8000 of this card’s AI limit ($1.00) is spent.');
		expect(warningText({ budget: 'monthly', spent_usd: '41', limit_usd: '50' })).toBe('$41.00 of the project’s monthly AI budget ($50.00) is spent.');
	});

	it('keeps at the top a run still going or one with pending items', () => {
		expect(needsAttention(aRun('r', { status: 'running' }))).toBe(true);
		expect(needsAttention(aRun('r', { status: 'proposed', proposal: [anItem(0)] }))).toBe(true);
		expect(needsAttention(aRun('r', { status: 'applied', proposal: [anItem(0, { status: 'applied' })] }))).toBe(false);
	});

	it('shows a stored transcript as its stream was shown, with the run’s totals', () => {
		const run = aRun('r', {
			status: 'proposed',
			steps: 2,
			input_tokens: 300,
			output_tokens: 80,
			cost_usd: '0.0042',
			transcript: [
				{ type: 'tool_call', step: 1, data: { id: 'c1', name: 'read_card', arguments: { card_id: 'x' } } },
				{ type: 'tool_result', step: 1, data: { id: 'c1', name: 'read_card', ok: true, content: 'Login page' } },
				{ type: 'usage', step: 1, data: { input_tokens: 100, output_tokens: 10, cost_usd: '0.001' } },
				{ type: 'text', step: 2, data: { text: 'Goal: a login page.' } },
				{ type: 'note', step: 2, data: { text: 'Stopped after 2 steps.' } }
			],
			proposal: [anItem(0)]
		});
		const live = liveOfRun(run);
		expect(live.pieces).toEqual([
			{ type: 'tool', tool: { id: 'c1', step: 1, name: 'read_card', args: { card_id: 'x' }, outcome: { ok: true, content: 'Login page' } } },
			{ type: 'text', step: 2, text: 'Goal: a login page.' },
			{ type: 'note', step: 2, text: 'Stopped after 2 steps.' }
		]);
		expect([live.status, live.step, live.inputTokens, live.outputTokens, live.costUsd]).toEqual(['succeeded', 2, 300, 80, '0.0042']);
		expect(live.proposal).toEqual(run.proposal);
	});
});
