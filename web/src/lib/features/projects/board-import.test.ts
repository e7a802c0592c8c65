import { describe, expect, it } from 'vitest';
import { eventStream, fakeServer, json, routes, where } from '$lib/api/fake-server';
import { ME, NO_WAIT, PROJECT, aJob, sse } from '$lib/features/jobs/test-jobs';
import { BoardImport } from './board-import.svelte';

const server = fakeServer(ME);
const UPLOAD = `POST /api/projects/${PROJECT}/import`;
const EVENTS = 'GET /api/jobs/job-1/events';
const queued = () => json(202, { job_id: 'job-1', status: 'queued' });
const csv = () => new Blob(['title\nShip it\n'], { type: 'text/csv' });

describe('importing a board', () => {
	it('uploads as a job, follows it, and ends in the new board with its card count', async () => {
		server.sent = [];
		server.reply = routes({
			[UPLOAD]: queued,
			[EVENTS]: () =>
				eventStream([
					sse(1, 'progress', { progress: 0.2, message: 'Reading 1 KB' }),
					sse(2, 'succeeded', {
						progress: 1,
						message: 'Imported “Q3”: 3000 cards',
						result: { board_id: 'b-new', name: 'Q3', cards: 3000, columns: 3 }
					})
				])
		});
		const run = new BoardImport(PROJECT, NO_WAIT);
		const started = run.start(csv(), 'q3.csv', 'Q3');
		expect(run.busy).toBe(true);
		expect(await started).toEqual({ boardId: 'b-new', name: 'Q3', cards: 3000 });
		expect([run.busy, run.failure, run.job?.percent]).toEqual([false, '', 100]);
		expect(server.sent.map(where)).toEqual([UPLOAD, EVENTS]);
		expect(new URL(server.sent[0].url).searchParams.get('async')).toBe('true');
	});

	it("ends in the job's error, e.g. the CSV parser's line and field, ready to retry", async () => {
		const error = 'Line 3, field "due": "soon" is not a date (YYYY-MM-DD).';
		server.reply = routes({
			[UPLOAD]: queued,
			[EVENTS]: () => eventStream([sse(1, 'failed', { message: 'Failed', error })])
		});
		const run = new BoardImport(PROJECT, NO_WAIT);
		expect(await run.start(csv(), 'q3.csv', 'Q3')).toBeNull();
		expect([run.failure, run.busy, run.imported]).toEqual([error, false, null]);

		server.reply = routes({
			[UPLOAD]: queued,
			[EVENTS]: () => eventStream([sse(1, 'succeeded', { result: { board_id: 'b2', name: 'Q3', cards: 1 } })])
		});
		expect(await run.start(csv(), 'q3.csv', 'Q3')).toEqual({ boardId: 'b2', name: 'Q3', cards: 1 });
		expect(run.failure).toBe('');
	});

	it("shows the server's message when the upload itself is refused", async () => {
		server.reply = routes({
			[UPLOAD]: () => json(413, { error: { code: 'too_large', message: 'The file is larger than 50 MB.', details: null } })
		});
		const run = new BoardImport(PROJECT, NO_WAIT);
		expect(await run.start(csv(), 'q3.csv', 'Q3')).toBeNull();
		expect([run.failure, run.job, run.busy]).toEqual(['The file is larger than 50 MB.', null, false]);
	});

	it('says so when the import was cancelled', async () => {
		server.reply = routes({ [UPLOAD]: queued, [EVENTS]: () => eventStream([sse(1, 'cancelled', { message: 'Cancelled' })]) });
		const run = new BoardImport(PROJECT, NO_WAIT);
		await run.start(csv(), 'q3.csv', 'Q3');
		expect(run.failure).toBe('The import was cancelled.');
	});

	it('falls back to reading the job when its events cannot be followed', async () => {
		server.sent = [];
		server.reply = routes({
			[UPLOAD]: queued,
			[EVENTS]: () => json(502, { error: { code: 'bad_gateway', message: 'Bad gateway.', details: null } }),
			'GET /api/jobs/job-1': () =>
				json(200, aJob('job-1', { status: 'succeeded', progress: 1, result: { board_id: 'b3', name: 'Q3', cards: 2 } }))
		});
		const run = new BoardImport(PROJECT, NO_WAIT);
		expect(await run.start(csv(), 'q3.csv', 'Q3')).toEqual({ boardId: 'b3', name: 'Q3', cards: 2 });
		expect(server.sent.map(where).at(-1)).toBe('GET /api/jobs/job-1');
	});
});

describe('importing a Trello board the project already has', () => {
	const trello = () => new File(['{"id": "65e0c3a91f4b2d0012ab34cd", "name": "Sprint 14"}'], 'trello.json');
	const earlier = { board_id: 'b-old', board_name: 'Sprint 14' };
	const refused = () =>
		json(409, { error: { code: 'board_already_imported', message: 'Imported before.', details: earlier } });
	const duplicate = (request: Request) => new URL(request.url).searchParams.get('duplicate') === 'true';

	it('asks instead of failing, and imports a second copy on "Import a copy"', async () => {
		server.sent = [];
		server.reply = routes({
			[UPLOAD]: (request) => (duplicate(request) ? queued() : refused()),
			[EVENTS]: () => eventStream([sse(1, 'succeeded', { result: { board_id: 'b-copy', name: 'Sprint 14', cards: 11 } })])
		});
		const run = new BoardImport(PROJECT, NO_WAIT);
		expect(await run.start(trello(), 'trello.json', '')).toBeNull();
		expect(run.earlier).toEqual({ boardId: 'b-old', boardName: 'Sprint 14' });
		expect([run.failure, run.busy]).toEqual(['', false]);
		// A JSON export names its board: no name is sent unless one was typed.
		expect(new URL(server.sent[0].url).searchParams.has('board_name')).toBe(false);

		expect(await run.importCopy()).toEqual({ boardId: 'b-copy', name: 'Sprint 14', cards: 11 });
		expect(run.earlier).toBeNull();
		expect(server.sent.map((request) => duplicate(request))).toEqual([false, true, false]);
		expect(await server.sent[1].text()).toBe(await trello().text());
	});

	it('forgets the question on "Cancel": nothing is imported', async () => {
		server.sent = [];
		server.reply = routes({ [UPLOAD]: refused });
		const run = new BoardImport(PROJECT, NO_WAIT);
		await run.start(trello(), 'trello.json', '');
		run.dismiss();
		expect(run.earlier).toBeNull();
		expect(await run.importCopy()).toBeNull();
		expect(server.sent).toHaveLength(1);
	});

	it("names a CSV board after its file when no name was typed", async () => {
		server.sent = [];
		server.reply = routes({ [UPLOAD]: () => json(400, { error: { code: 'x', message: 'No.', details: null } }) });
		const run = new BoardImport(PROJECT, NO_WAIT);
		await run.start(csv(), 'Roadmap 2026.csv', ' ');
		const url = new URL(server.sent[0].url);
		expect(url.searchParams.get('board_name')).toBe('Roadmap 2026');
		expect(server.sent[0].headers.get('Content-Type')).toBe('text/csv');
	});
});
