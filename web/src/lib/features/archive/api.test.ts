import { describe, expect, it } from 'vitest';
import { fakeServer, json, where } from '$lib/api/fake-server';
import { deleteCard, listArchivedCards, restoreCard } from './api';

const BOARD = '00000000-0000-0000-0000-0000000000aa';
const CARD = '00000000-0000-0000-0000-0000000000cc';

const server = fakeServer('u1');

describe('the archive at the contract paths', () => {
	it('lists archived cards, searching when there is text', async () => {
		server.sent = [];
		server.reply = () => json(200, []);
		await listArchivedCards(BOARD, '');
		await listArchivedCards(BOARD, ' launch ');
		const urls = server.sent.map((request) => new URL(request.url));
		expect(server.sent.map(where)).toEqual([`GET /api/boards/${BOARD}/cards`, `GET /api/boards/${BOARD}/cards`]);
		expect(urls[0].searchParams.get('archived')).toBe('true');
		expect(urls[0].searchParams.has('q')).toBe(false);
		expect(urls[1].searchParams.get('q')).toBe('launch');
	});

	it('restores by unarchiving, with the WIP override only when asked', async () => {
		server.sent = [];
		server.reply = () => json(200, {});
		await restoreCard(CARD, false);
		await restoreCard(CARD, true);
		expect(server.sent.map(where)).toEqual([`PATCH /api/cards/${CARD}`, `PATCH /api/cards/${CARD}`]);
		expect(await server.sent[0].json()).toEqual({ archived: false });
		expect(await server.sent[1].json()).toEqual({ archived: false, override_wip: true });
	});

	it('deletes for good', async () => {
		server.sent = [];
		server.reply = () => new Response(null, { status: 204 });
		expect((await deleteCard(CARD)).ok).toBe(true);
		expect(where(server.sent[0])).toBe(`DELETE /api/cards/${CARD}`);
	});
});
