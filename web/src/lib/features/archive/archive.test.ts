import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { Card } from '$lib/api/types';
import type { WipConflict } from '$lib/features/boards/wip';
import { ArchivedCards, type ArchiveApi } from './archive.svelte';
import { excerpt } from './excerpt';

const BOARD = 'b1';

function card(id: string, title: string, archived = true): Card {
	return {
		id,
		board_id: BOARD,
		column_id: 'col-doing',
		parent_id: null,
		title,
		description: '',
		labels: [],
		assignee_ids: [],
		due: null,
		due_done: false,
		archived,
		checklists: [],
		comment_count: 0
	};
}

const ok = <T>(data: T): Promise<ApiResult<T>> => Promise.resolve({ ok: true, data });
const FULL = { column_id: 'col-doing', wip_limit: 3, cards: 3 };
const wipRefusal = () =>
	Promise.resolve({ ok: false as const, status: 409, code: 'wip_limit', message: 'Doing is full.', details: FULL });

/** A board's archive on a pretend server; `full` makes its column refuse restores without the override. */
function fakeServer(cards: Card[], { full = false } = {}) {
	const calls: string[] = [];
	let stored = [...cards];
	const api: ArchiveApi = {
		listArchivedCards: (_, query) => {
			calls.push(`list "${query}"`);
			return ok(stored.filter((c) => c.title.toLowerCase().includes(query.toLowerCase())));
		},
		restoreCard: (cardId, override) => {
			calls.push(`restore ${cardId}${override ? ' override' : ''}`);
			if (full && !override) return wipRefusal();
			stored = stored.filter((c) => c.id !== cardId);
			return ok({ ...card(cardId, 'restored'), archived: false });
		},
		deleteCard: (cardId) => {
			calls.push(`delete ${cardId}`);
			stored = stored.filter((c) => c.id !== cardId);
			return ok(undefined);
		}
	};
	return { api, calls };
}

/** Answers every WIP question with `answer`, noting each one asked. */
function answering(answer: boolean) {
	const asked: WipConflict[] = [];
	return { asked, ask: (conflict: WipConflict) => (asked.push(conflict), Promise.resolve(answer)) };
}

describe('the archived cards of a board', () => {
	it('lists only archived cards, and searches them', async () => {
		const { api, calls } = fakeServer([card('c1', 'Old launch plan'), card('c2', 'Logo draft'), card('c3', 'Live', false)]);
		const archive = new ArchivedCards(BOARD, api);
		await archive.load();
		expect(archive.status).toBe('ready');
		expect(archive.items.map((c) => c.id)).toEqual(['c1', 'c2']);
		await archive.load('logo');
		expect([archive.query, archive.items.map((c) => c.id)]).toEqual(['logo', ['c2']]);
		expect(calls).toEqual(['list ""', 'list "logo"']);
	});

	it('keeps only the answer to the latest search', async () => {
		const { api } = fakeServer([card('c1', 'Alpha'), card('c2', 'Beta')]);
		const slow = api.listArchivedCards;
		api.listArchivedCards = (board, query) =>
			query === 'al' ? new Promise((resolve) => setTimeout(() => resolve(slow(board, query)), 20)) : slow(board, query);
		const archive = new ArchivedCards(BOARD, api);
		const older = archive.load('al');
		await archive.load('be');
		await older;
		expect([archive.query, archive.items.map((c) => c.id)]).toEqual(['be', ['c2']]);
	});

	it('restores a card: it leaves the list', async () => {
		const { api, calls } = fakeServer([card('c1', 'Old launch plan')]);
		const archive = new ArchivedCards(BOARD, api);
		await archive.load();
		const { ask, asked } = answering(true);
		const result = await archive.restore(archive.items[0], ask);
		expect(result).toMatchObject({ ok: true, data: { id: 'c1', archived: false } });
		expect(archive.items).toEqual([]);
		expect(asked).toEqual([]);
		expect(calls.at(-1)).toBe('restore c1');
	});

	it('asks before restoring into a full column, and resends with the override on "yes"', async () => {
		const { api, calls } = fakeServer([card('c1', 'Old launch plan')], { full: true });
		const archive = new ArchivedCards(BOARD, api);
		await archive.load();
		const { ask, asked } = answering(true);
		const result = await archive.restore(archive.items[0], ask);
		expect(result).toMatchObject({ ok: true });
		expect(asked).toEqual([{ columnId: 'col-doing', limit: 3, cards: 3 }]);
		expect(calls.slice(1)).toEqual(['restore c1', 'restore c1 override']);
		expect(archive.items).toEqual([]);
	});

	it('leaves the card archived when the person says "no" to the full column', async () => {
		const { api, calls } = fakeServer([card('c1', 'Old launch plan')], { full: true });
		const archive = new ArchivedCards(BOARD, api);
		await archive.load();
		expect(await archive.restore(archive.items[0], answering(false).ask)).toBe('declined');
		expect(archive.items.map((c) => c.id)).toEqual(['c1']);
		expect(calls.slice(1)).toEqual(['restore c1']);
		expect(archive.busy).toBeNull();
	});

	it('deletes a card for good: it leaves the list', async () => {
		const { api, calls } = fakeServer([card('c1', 'Old launch plan'), card('c2', 'Logo draft')]);
		const archive = new ArchivedCards(BOARD, api);
		await archive.load();
		expect((await archive.remove(archive.items[0])).ok).toBe(true);
		expect(calls.at(-1)).toBe('delete c1');
		expect(archive.items.map((c) => c.id)).toEqual(['c2']);
	});

	it('keeps a card the server would not delete', async () => {
		const { api } = fakeServer([card('c1', 'Old launch plan')]);
		api.deleteCard = () => Promise.resolve({ ok: false, status: 403, code: 'forbidden', message: 'No access.' });
		const archive = new ArchivedCards(BOARD, api);
		await archive.load();
		expect(await archive.remove(archive.items[0])).toMatchObject({ ok: false, message: 'No access.' });
		expect(archive.items).toHaveLength(1);
	});

	it('shows no access as such', async () => {
		const { api } = fakeServer([]);
		api.listArchivedCards = () => Promise.resolve({ ok: false, status: 403, code: 'forbidden', message: 'No access.' });
		const archive = new ArchivedCards(BOARD, api);
		await archive.load();
		expect(archive.status).toBe('forbidden');
	});
});

describe('excerpt', () => {
	it('reads Markdown as plain text', () => {
		expect(excerpt('## Steps\n\n- [x] **Design** the [API](https://x.dev)\n- `tests`')).toBe('Steps Design the API tests');
	});

	it('keeps hyphenated words and cuts long text with an ellipsis', () => {
		expect(excerpt('Fix the sign-in on Safari')).toBe('Fix the sign-in on Safari');
		expect(excerpt('word '.repeat(100), 20)).toBe('word word word word…');
	});
});
