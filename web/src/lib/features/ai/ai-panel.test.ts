import { describe, expect, it, vi } from 'vitest';
import { eventStream, fakeServer, json, routes, where } from '$lib/api/fake-server';
import type { AiRun, Card } from '$lib/api/types';
import { ME, NO_WAIT } from '$lib/features/jobs/test-jobs';
import { AiPanelState } from './ai-panel.svelte';
import { CARD, aRun, anItem, ended, partial } from './test-runs';

const server = fakeServer(ME);
const BUDGET = `GET /api/cards/${CARD}/ai/budget`;
const RUNS = `GET /api/cards/${CARD}/ai/runs`;
const START = `POST /api/cards/${CARD}/ai`;
const THE_CARD = { id: CARD, title: 'Login', description: 'Goal: log in.' } as Card;
const noBudget = () => json(200, { card_id: CARD, limit_usd: null, spent_usd: '0' });
const refusal = (status: number, code: string, message: string, details: unknown = null) => () =>
	json(status, { error: { code, message, details } });

/** A panel on the fake server, recording what it told the drawer. */
function panelWith(table: Parameters<typeof routes>[0]) {
	server.sent = [];
	server.reply = routes({ [BUDGET]: noBudget, [`GET /api/cards/${CARD}`]: () => json(200, THE_CARD), ...table });
	const told = { changed: [] as Card[], board: 0, errors: [] as string[] };
	const panel = new AiPanelState(
		CARD,
		{
			onchanged: (card) => told.changed.push(card),
			onboardchanged: () => (told.board += 1),
			onerror: (message) => told.errors.push(message)
		},
		undefined,
		{ timing: NO_WAIT }
	);
	return { panel, told };
}

const calls = () => server.sent.map(where);
const bodyOf = async (call: string) => {
	const request = server.sent.find((sent) => where(sent) === call);
	return request ? JSON.parse(await request.clone().text()) : undefined;
};

describe('AiPanelState', () => {
	it('lists the card’s runs and follows one still going, to its proposal', async () => {
		const running = aRun('r1', { status: 'running' });
		const proposed = aRun('r1', { status: 'proposed', proposal: [anItem(0)], steps: 1 });
		const { panel } = panelWith({
			[RUNS]: () => json(200, [running, aRun('r0', { status: 'applied' })]),
			[`GET /api/jobs/${running.job_id}/events`]: () =>
				eventStream([partial(1, { kind: 'text', step: 1, text: 'Three subtasks.' }), ended(2, 'succeeded')]),
			'GET /api/ai/runs/r1': () => json(200, proposed)
		});
		await panel.load();
		expect([panel.status, panel.currentId, panel.earlier.map((run) => run.id)]).toEqual(['ready', 'r1', ['r0']]);
		expect(panel.busy).toBe(true);
		await vi.waitFor(() => expect(panel.current?.status).toBe('proposed'));
		expect(panel.follower?.text).toBe('Three subtasks.');
		expect(panel.busy).toBe(false);
	});

	it('keeps a refusal to start (no provider, over budget) to show, and starts nothing', async () => {
		const { panel } = panelWith({
			[RUNS]: () => json(200, []),
			[START]: refusal(409, 'ai_not_configured', 'No AI provider is configured for this project.')
		});
		await panel.load();
		expect(await panel.start('draft', '', false)).toBe(false);
		expect([panel.problem?.code, panel.problem?.message]).toEqual(['ai_not_configured', 'No AI provider is configured for this project.']);
		expect([panel.currentId, panel.follower, panel.busy]).toEqual([null, null, false]);

		server.reply = routes({
			[START]: refusal(402, 'budget_exceeded', 'This run would cost about $0.0500, more than this card’s AI budget has left.', {
				budget: 'card'
			})
		});
		await panel.start('breakdown', '', false);
		expect(panel.problem?.code).toBe('budget_exceeded');
	});

	it('starts a run, follows it, and applies the chosen items: the card is read again and handed back', async () => {
		const queued = aRun('r2', { status: 'queued', action: 'custom', instructions: 'Split it' });
		let run: AiRun = queued;
		const { panel, told } = panelWith({
			[RUNS]: () => json(200, []),
			[START]: () => json(202, { job_id: queued.job_id, run_id: 'r2', status: 'queued' }),
			'GET /api/ai/runs/r2': () => json(200, run),
			[`GET /api/jobs/${queued.job_id}/events`]: () => {
				run = aRun('r2', { status: 'proposed', proposal: [anItem(0), anItem(1, { kind: 'update_card', args: { card_id: CARD, description: 'x' } })] });
				return eventStream([partial(1, { kind: 'text', step: 1, text: 'ok' }), ended(2, 'succeeded')]);
			},
			'POST /api/ai/runs/r2/apply': () =>
				json(200, aRun('r2', { status: 'applied', proposal: [anItem(0, { status: 'discarded' }), anItem(1, { kind: 'update_card', status: 'applied', args: { card_id: CARD } })] }))
		});
		await panel.load();
		expect(await panel.start('custom', 'Split it', true)).toBe(true);
		expect(await bodyOf(START)).toEqual({ action: 'custom', instructions: 'Split it', auto_apply: true });
		await vi.waitFor(() => expect(panel.current?.status).toBe('proposed'));

		expect(await panel.apply([1])).toBe(true);
		expect(await bodyOf('POST /api/ai/runs/r2/apply')).toEqual({ items: [1] });
		expect(panel.current?.status).toBe('applied');
		expect(told.changed).toEqual([THE_CARD]);
		expect(told.board).toBe(0); // only this card changed
	});

	it('tells the board when applied items made other cards, and re-reads a run decided elsewhere', async () => {
		const proposed = aRun('r3', { status: 'proposed', proposal: [anItem(0), anItem(1)] });
		const { panel, told } = panelWith({
			[RUNS]: () => json(200, [proposed]),
			'POST /api/ai/runs/r3/apply': () => json(200, { ...proposed, status: 'applied', proposal: proposed.proposal.map((item) => ({ ...item, status: 'applied' })) })
		});
		await panel.load();
		expect(panel.currentId).toBe('r3'); // waiting for a decision: at the top, not followed
		expect(panel.follower).toBeNull();
		await panel.apply([0, 1]);
		expect(told.board).toBe(1);

		const discarded = { ...proposed, status: 'discarded' as const };
		server.reply = routes({
			'POST /api/ai/runs/r3/discard': refusal(409, 'conflict', 'This run has no proposal waiting for a decision.'),
			'GET /api/ai/runs/r3': () => json(200, discarded)
		});
		expect(await panel.discard()).toBe(false);
		expect(told.errors).toEqual(['This run has no proposal waiting for a decision.']);
		expect(panel.current?.status).toBe('discarded');
	});

	it('stops a run through its job, and sets the card’s limit', async () => {
		const running = aRun('r4', { status: 'running' });
		const { panel } = panelWith({
			[RUNS]: () => json(200, [running]),
			[`GET /api/jobs/${running.job_id}/events`]: () => new Response(new ReadableStream(), { status: 200 }),
			[`POST /api/jobs/${running.job_id}/cancel`]: () => json(200, {}),
			[`PUT /api/cards/${CARD}/ai/budget`]: () => json(200, { card_id: CARD, limit_usd: '2.50', spent_usd: '0.10' })
		});
		await panel.load();
		await panel.stop();
		expect(calls()).toContain(`POST /api/jobs/${running.job_id}/cancel`);

		const saved = await panel.saveBudget('2.50');
		expect(saved.ok).toBe(true);
		expect(await bodyOf(`PUT /api/cards/${CARD}/ai/budget`)).toEqual({ limit_usd: '2.50' });
		expect(panel.budget?.limit_usd).toBe('2.50');
		panel.dispose();
	});
});
