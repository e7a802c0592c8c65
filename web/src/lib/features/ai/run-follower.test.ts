import { describe, expect, it } from 'vitest';
import { eventStream, fakeServer, json, routes, where } from '$lib/api/fake-server';
import { openJobEvents } from '$lib/features/jobs/api';
import { ME, NO_WAIT } from '$lib/features/jobs/test-jobs';
import { getRun } from './api';
import { liveText } from './live-run';
import { RunFollower } from './run-follower.svelte';
import { aRun, ended, partial } from './test-runs';

const RUN = aRun('r1');
const EVENTS = `GET /api/jobs/${RUN.job_id}/events`;
const server = fakeServer(ME);
const follower = () => new RunFollower(RUN, { openJobEvents, getRun }, { timing: NO_WAIT });
const unavailable = () => json(503, { error: { code: 'unavailable', message: 'Down.', details: null } });

describe('RunFollower', () => {
	it('reads the run’s job stream to its end: text, tool calls, cost, and words for a screen reader', async () => {
		server.sent = [];
		server.reply = routes({
			[EVENTS]: () =>
				eventStream([
					partial(1, { kind: 'step', step: 1 }),
					partial(2, { kind: 'text', step: 1, text: 'Goal: ' }) + partial(3, { kind: 'text', step: 1, text: 'log in.' }),
					partial(4, { kind: 'usage', step: 1, input_tokens: 50, output_tokens: 9, cost_usd: '0.0003' }),
					ended(5, 'succeeded', { result: { run_id: 'r1', status: 'proposed', items: 1, cost_usd: '0.0003' } })
				])
		});
		const run = follower();
		await run.follow();
		expect(run.live.status).toBe('succeeded');
		expect(run.text).toBe('Goal: log in.');
		expect([run.live.inputTokens, run.live.costUsd]).toEqual([50, '0.0003']);
		// The first words went out at once; the rest when the stream ended.
		expect(run.announcement).toBe('log in.');
		expect(server.sent.map(where)).toEqual([EVENTS]);
		expect(server.sent[0].headers.get('Accept')).toBe('text/event-stream');
	});

	it('resumes a dropped stream after the last event it saw, and sees each piece once', async () => {
		server.sent = [];
		const streams = [
			() => eventStream([partial(1, { kind: 'text', step: 1, text: 'Hel' }), partial(2, { kind: 'text', step: 1, text: 'lo' })], { drop: true }),
			() => eventStream([partial(3, { kind: 'text', step: 1, text: '!' }), ended(4, 'succeeded')])
		];
		server.reply = routes({ [EVENTS]: () => streams.shift()?.() ?? unavailable() });
		const run = follower();
		await run.follow();
		expect(server.sent.map((request) => request.headers.get('Last-Event-ID'))).toEqual([null, '2']);
		expect(liveText(run.live)).toBe('Hello!');
	});

	it('reads the run until it has ended when its stream cannot be kept open', async () => {
		server.sent = [];
		const states = [aRun('r1', { status: 'running' }), aRun('r1', { status: 'budget_exceeded' })];
		server.reply = routes({ [EVENTS]: unavailable, 'GET /api/ai/runs/r1': () => json(200, states.shift()) });
		const run = follower();
		await run.follow();
		expect(server.sent.map(where).filter((call) => call === 'GET /api/ai/runs/r1')).toHaveLength(2);
		expect([run.live.status, run.lost]).toEqual(['failed', '']);
	});

	it('gives up with the server’s words when the run is no longer visible', async () => {
		const gone = () => json(403, { error: { code: 'forbidden', message: 'You are no longer a member.', details: null } });
		server.reply = routes({ [EVENTS]: gone, 'GET /api/ai/runs/r1': gone });
		const run = follower();
		await run.follow();
		expect(run.lost).toBe('You are no longer a member.');
	});
});
