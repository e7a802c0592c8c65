import { describe, expect, it } from 'vitest';
import { eventStream, fakeServer, json, routes, where } from '$lib/api/fake-server';
import { ME, NO_WAIT, sse } from '$lib/features/jobs/test-jobs';
import { BoardExport } from './board-export.svelte';

const BOARD = 'board-1';
const server = fakeServer(ME);
const QUEUE = `POST /api/boards/${BOARD}/export`;
const queued = () => json(202, { job_id: 'job-9', status: 'queued' });
const done = sse(2, 'succeeded', {
	progress: 1,
	result: { board_id: BOARD, cards: 1, file: { filename: 'sprint-14.csv', media_type: 'text/csv', size: 15 } }
});

function saver() {
	const saved: { name: string; text: Promise<string> }[] = [];
	return { saved, save: (blob: Blob, name: string) => void saved.push({ name, text: blob.text() }) };
}

describe('exporting a board', () => {
	it("runs the job, then downloads its file under the server's name", async () => {
		server.sent = [];
		server.reply = routes({
			[QUEUE]: queued,
			'GET /api/jobs/job-9/events': () => eventStream([sse(1, 'progress', { progress: 0.4, message: 'Writing 1 cards' }), done]),
			'GET /api/jobs/job-9/file': () =>
				new Response('title\nShip it\n', {
					headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="sprint-14.csv"' }
				})
		});
		const { saved, save } = saver();
		const run = new BoardExport(BOARD, 'csv', save, NO_WAIT);
		await run.run();
		expect(server.sent.map(where)).toEqual([QUEUE, 'GET /api/jobs/job-9/events', 'GET /api/jobs/job-9/file']);
		expect(new URL(server.sent[0].url).search).toBe('?format=csv');
		expect(server.sent[2].headers.get('Authorization')).toBe('Bearer tok-1');
		expect(saved.map((file) => file.name)).toEqual(['sprint-14.csv']);
		expect(await saved[0].text).toBe('title\nShip it\n');
		expect([run.saved, run.failure, run.busy]).toEqual(['sprint-14.csv', '', false]);
	});

	it("names the file from the job's result when the header has none", async () => {
		server.reply = routes({
			[QUEUE]: queued,
			'GET /api/jobs/job-9/events': () => eventStream([done]),
			'GET /api/jobs/job-9/file': () => new Response('x')
		});
		const { saved, save } = saver();
		await new BoardExport(BOARD, 'csv', save, NO_WAIT).run();
		expect(saved.map((file) => file.name)).toEqual(['sprint-14.csv']);
	});

	it("shows the job's error and downloads nothing when it failed", async () => {
		server.reply = routes({
			[QUEUE]: queued,
			'GET /api/jobs/job-9/events': () => eventStream([sse(1, 'failed', { error: 'The board is gone.' })])
		});
		const { saved, save } = saver();
		const run = new BoardExport(BOARD, 'json', save, NO_WAIT);
		await run.run();
		expect([run.failure, saved.length, run.busy]).toEqual(['The board is gone.', 0, false]);
	});

	it("shows the server's message when the export cannot be queued", async () => {
		server.reply = routes({ [QUEUE]: () => json(403, { error: { code: 'forbidden', message: 'No access.', details: null } }) });
		const run = new BoardExport(BOARD, 'json', saver().save, NO_WAIT);
		await run.run();
		expect([run.failure, run.job]).toEqual(['No access.', null]);
	});
});
