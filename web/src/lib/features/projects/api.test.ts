import { describe, expect, it } from 'vitest';
import { fakeServer, json, where } from '$lib/api/fake-server';
import { acceptInvitation, createBoardFrom, declineInvitation, listMyInvitations, queueExport, queueImport } from './api';

const PROJECT = '00000000-0000-0000-0000-0000000000aa';
const BOARD = '00000000-0000-0000-0000-0000000000bb';

const server = fakeServer(PROJECT);

describe('queueImport', () => {
	const queued = { job_id: 'job-1', status: 'queued' };
	const IMPORT = `/api/projects/${PROJECT}/import`;

	it('posts a CSV file raw as a job, with the board name in the query and the bearer token', async () => {
		server.sent = [];
		server.reply = () => json(202, queued);
		const file = new Blob(['title\nShip it\n'], { type: 'text/csv' });
		const result = await queueImport(PROJECT, file, { kind: 'csv', boardName: 'Q3 & more' });
		expect(result).toEqual({ ok: true, data: queued });
		const [request] = server.sent;
		expect(request.method).toBe('POST');
		const url = new URL(request.url, 'http://x');
		expect(url.pathname).toBe(IMPORT);
		expect(url.searchParams.get('async')).toBe('true');
		expect(url.searchParams.get('board_name')).toBe('Q3 & more');
		expect(url.searchParams.has('duplicate')).toBe(false);
		expect(request.headers.get('Authorization')).toBe('Bearer tok-1');
		expect(request.headers.get('Content-Type')).toBe('text/csv');
		expect(await request.text()).toBe('title\nShip it\n');
	});

	it('sends a JSON export as JSON to the same endpoint, bytes untouched, named by the file', async () => {
		server.sent = [];
		server.reply = () => json(202, queued);
		const body = '{"name": "Trello board"}';
		await queueImport(PROJECT, new Blob([body]), { kind: 'json' });
		const [request] = server.sent;
		const url = new URL(request.url, 'http://x');
		expect([url.pathname, url.search]).toEqual([IMPORT, '?async=true']);
		expect(request.headers.get('Content-Type')).toBe('application/json');
		expect(await request.text()).toBe(body);
	});

	it('asks for a second copy with duplicate=true', async () => {
		server.sent = [];
		server.reply = () => json(202, queued);
		await queueImport(PROJECT, new Blob(['{}']), { kind: 'json', duplicate: true });
		expect(new URL(server.sent[0].url).searchParams.get('duplicate')).toBe('true');
	});

	it("returns the server's message and details when it refuses the upload", async () => {
		server.reply = () =>
			json(409, {
				error: { code: 'board_already_imported', message: 'Imported before.', details: { board_id: BOARD, board_name: 'S' } }
			});
		const result = await queueImport(PROJECT, new Blob(['{}']), { kind: 'json' });
		expect(result).toMatchObject({ ok: false, status: 409, code: 'board_already_imported', details: { board_id: BOARD } });
	});

	it('does not take an import done at once (201) for a queued one', async () => {
		server.reply = () => json(201, { board_id: BOARD });
		expect(await queueImport(PROJECT, new Blob(['{}']), { kind: 'json' })).toMatchObject({ ok: false, code: 'not_queued' });
	});
});

describe('createBoardFrom', () => {
	it('posts the name and the template', async () => {
		server.sent = [];
		const board = { id: BOARD, project_id: PROJECT, name: 'Sample board', columns: [] };
		server.reply = () => json(201, board);
		expect(await createBoardFrom(PROJECT, 'Sample board', 'sample')).toEqual({ ok: true, data: board });
		expect(where(server.sent[0])).toBe(`POST /api/projects/${PROJECT}/boards`);
		expect(await server.sent[0].json()).toEqual({ name: 'Sample board', template: 'sample' });
	});
});

describe('queueExport', () => {
	it('queues the export in the format asked', async () => {
		server.sent = [];
		server.reply = () => json(202, { job_id: 'job-2', status: 'queued' });
		expect(await queueExport(BOARD, 'csv')).toEqual({ ok: true, data: { job_id: 'job-2', status: 'queued' } });
		expect(where(server.sent[0])).toBe(`POST /api/boards/${BOARD}/export`);
		expect(new URL(server.sent[0].url).search).toBe('?format=csv');
	});

	it("passes the server's error through", async () => {
		server.reply = () => json(403, { error: { code: 'forbidden', message: 'No access.', details: null } });
		expect(await queueExport(BOARD, 'json')).toMatchObject({ ok: false, status: 403, message: 'No access.' });
	});
});

describe('invitations for the signed-in user', () => {
	const INVITATION = '00000000-0000-0000-0000-0000000000cc';

	it('lists, accepts and declines at the contract paths', async () => {
		server.sent = [];
		server.reply = () => json(200, []);
		expect(await listMyInvitations()).toEqual({ ok: true, data: [] });
		const project = { id: PROJECT, name: 'Apollo', description: '', role: 'viewer' };
		server.reply = () => json(200, project);
		expect(await acceptInvitation(INVITATION)).toEqual({ ok: true, data: project });
		server.reply = () => new Response(null, { status: 204 });
		expect((await declineInvitation(INVITATION)).ok).toBe(true);
		expect(server.sent.map(where)).toEqual([
			'GET /api/invitations',
			`POST /api/invitations/${INVITATION}/accept`,
			`POST /api/invitations/${INVITATION}/decline`
		]);
		expect(server.sent.every((request) => request.headers.get('Authorization') === 'Bearer tok-1')).toBe(true);
	});

	it("passes the server's message through", async () => {
		server.reply = () => json(404, { error: { code: 'not_found', message: 'No such invitation.', details: null } });
		expect(await acceptInvitation(INVITATION)).toMatchObject({ ok: false, status: 404, message: 'No such invitation.' });
	});
});
