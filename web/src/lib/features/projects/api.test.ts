import { describe, expect, it } from 'vitest';
import { fakeServer, json, where } from '$lib/api/fake-server';
import { acceptInvitation, declineInvitation, exportBoard, importBoard, listMyInvitations } from './api';

const PROJECT = '00000000-0000-0000-0000-0000000000aa';
const BOARD = '00000000-0000-0000-0000-0000000000bb';

const server = fakeServer(PROJECT);

describe('importBoard', () => {
	it('posts a CSV file raw, with the board name in the query and the bearer token', async () => {
		server.sent = [];
		server.reply = () => json(201, { board_id: BOARD });
		const file = new Blob(['title\nShip it\n'], { type: 'text/csv' });
		const result = await importBoard(PROJECT, 'csv', file, 'Q3 & more');
		expect(result).toEqual({ ok: true, data: { board_id: BOARD } });
		const [request] = server.sent;
		expect(request.method).toBe('POST');
		const url = new URL(request.url, 'http://x');
		expect(url.pathname).toBe(`/api/projects/${PROJECT}/import/csv`);
		expect(url.searchParams.get('board_name')).toBe('Q3 & more');
		expect(request.headers.get('Authorization')).toBe('Bearer tok-1');
		expect(request.headers.get('Content-Type')).toBe('text/csv');
		expect(await request.text()).toBe('title\nShip it\n');
	});

	it('sends Trello and ProjectFlow files as JSON to their own endpoints, bytes untouched', async () => {
		server.sent = [];
		server.reply = () => json(201, { board_id: BOARD });
		const body = '{"name": "Trello board"}';
		await importBoard(PROJECT, 'trello', new Blob([body]), 'ignored');
		await importBoard(PROJECT, 'json', new Blob([body]), 'ignored');
		const paths = server.sent.map((request) => new URL(request.url, 'http://x'));
		expect(paths.map((url) => url.pathname)).toEqual([
			`/api/projects/${PROJECT}/import/trello`,
			`/api/projects/${PROJECT}/import/json`
		]);
		expect(paths.every((url) => url.search === '')).toBe(true);
		expect(server.sent[0].headers.get('Content-Type')).toBe('application/json');
		expect(await server.sent[1].text()).toBe(body);
	});

	it("returns the server's message for a bad file", async () => {
		server.reply = () => json(422, { error: { code: 'invalid_file', message: 'Line 3: title is empty.', details: null } });
		const result = await importBoard(PROJECT, 'csv', new Blob(['title\n\n']), 'x');
		expect(result).toMatchObject({ ok: false, status: 422, message: 'Line 3: title is empty.' });
	});
});

describe('exportBoard', () => {
	it('returns the file and its name from Content-Disposition', async () => {
		server.sent = [];
		server.reply = () =>
			new Response('title\nShip it\n', {
				status: 200,
				headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="sprint-14.csv"' }
			});
		const result = await exportBoard(BOARD, 'csv');
		expect(new URL(server.sent[0].url, 'http://x').search).toBe('?format=csv');
		if (!result.ok) throw new Error(result.message);
		expect(result.data.filename).toBe('sprint-14.csv');
		expect(await result.data.blob.text()).toBe('title\nShip it\n');
	});

	it('names the file after the format when the header is missing', async () => {
		server.reply = () => new Response('{}', { status: 200 });
		const result = await exportBoard(BOARD, 'json');
		expect(result).toMatchObject({ ok: true, data: { filename: 'board.json' } });
	});

	it("passes the server's error through", async () => {
		server.reply = () => json(403, { error: { code: 'forbidden', message: 'No access.', details: null } });
		expect(await exportBoard(BOARD, 'json')).toMatchObject({ ok: false, status: 403, message: 'No access.' });
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
