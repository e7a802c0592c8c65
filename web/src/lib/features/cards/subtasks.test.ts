import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { Card } from '$lib/api/types';
import type { SubtasksApi } from './subtasks-api';
import { ParentCard, SubtaskList, subtaskPlace } from './subtasks.svelte';

function card(id: string, extra: Partial<Card> = {}): Card {
	return {
		id,
		board_id: 'b1',
		column_id: 'todo',
		parent_id: null,
		title: id.toUpperCase(),
		description: '',
		labels: [],
		assignee_ids: [],
		due: null,
		due_done: false,
		archived: false,
		checklists: [],
		comment_count: 0,
		...extra
	};
}

const FORBIDDEN: ApiResult<never> = { ok: false, status: 403, code: 'forbidden', message: 'No access' };
const DOWN: ApiResult<never> = { ok: false, status: 0, code: 'network_error', message: 'Offline' };

/** Answers from `cards` by id (403 for others); `held` answers wait until released. */
function fakeApi(cards: Card[], subtasks: ApiResult<Card[]> = { ok: true, data: [] }) {
	const held = new Map<string, () => void>();
	const api: SubtasksApi = {
		getCard: async (cardId) => {
			if (cardId.startsWith('slow')) await new Promise<void>((release) => held.set(cardId, release));
			const found = cards.find((candidate) => candidate.id === cardId);
			return found ? { ok: true, data: found } : cardId === 'offline' ? DOWN : FORBIDDEN;
		},
		listSubtasks: async () => subtasks
	};
	return { api, release: (cardId: string) => held.get(cardId)?.() };
}

describe('the parent card', () => {
	it('loads the parent a card names', async () => {
		const parent = new ParentCard(fakeApi([card('p1')]).api);
		expect(await parent.load('p1')).toEqual({ ok: true, data: null });
		expect(parent.card?.title).toBe('P1');
		expect(parent.missing).toBe(false);
	});

	it('calls a parent it cannot read missing, and reports other failures', async () => {
		const parent = new ParentCard(fakeApi([]).api);
		expect((await parent.load('gone')).ok).toBe(true);
		expect([parent.card, parent.missing]).toEqual([null, true]);
		expect(await parent.load('offline')).toEqual(DOWN);
		expect([parent.card, parent.missing]).toEqual([null, false]);
	});

	it('forgets the parent when the card has none, and drops a late answer', async () => {
		const { api, release } = fakeApi([card('p1'), card('slow')]);
		const parent = new ParentCard(api);
		await parent.load('p1');
		const late = parent.load('slow');
		await parent.load(null);
		release('slow');
		await late;
		expect([parent.card, parent.missing]).toEqual([null, false]);
	});
});

describe('the subtask list', () => {
	it('holds what the server lists', async () => {
		const list = new SubtaskList('p1', fakeApi([], { ok: true, data: [card('s1'), card('s2')] }).api);
		expect((await list.load()).ok).toBe(true);
		expect(list.cards.map((subtask) => subtask.id)).toEqual(['s1', 's2']);
	});

	it('keeps what it had when loading fails', async () => {
		const list = new SubtaskList('p1', fakeApi([], DOWN).api);
		expect(await list.load()).toEqual(DOWN);
		expect(list.cards).toEqual([]);
	});
});

describe('where a subtask is', () => {
	const board = {
		id: 'b1',
		columns: [
			{ id: 'todo', name: 'To do' },
			{ id: 'done', name: 'Done', done: true }
		]
	};

	it('names its column on this board, and whether that column is done', () => {
		expect(subtaskPlace(card('s1'), board)).toEqual({ where: 'To do', done: false });
		expect(subtaskPlace(card('s2', { column_id: 'done' }), board)).toEqual({ where: 'Done', done: true });
	});

	it('puts a card without a known column in the first one, as the board does', () => {
		expect(subtaskPlace(card('s3', { column_id: null }), board)).toEqual({ where: 'To do', done: false });
		expect(subtaskPlace(card('s4', { column_id: 'gone' }), { id: 'b1', columns: [] })).toEqual({ where: 'No column', done: false });
	});

	it('says only "another board" for a card elsewhere', () => {
		expect(subtaskPlace(card('s5', { board_id: 'b2' }), board)).toEqual({ where: 'On another board', done: false });
		expect(subtaskPlace(card('s6'), undefined)).toEqual({ where: 'On another board', done: false });
	});
});
