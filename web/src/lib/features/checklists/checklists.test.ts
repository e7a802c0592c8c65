import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { Card } from '$lib/api/types';
import type { Checklist, ChecklistApi, ItemConverted } from './api';
import { ChecklistsState } from './checklists.svelte';

function cardWith(checklists: Checklist[], id = 'card-1'): Card {
	return {
		id,
		board_id: 'b1',
		column_id: 'col',
		parent_id: null,
		title: 'Card',
		description: '',
		labels: [],
		assignee_ids: [],
		due: null,
		due_done: false,
		archived: false,
		checklists,
		comment_count: 0
	};
}

const refused = (status: number, message: string): ApiResult<never> => ({ ok: false, status, code: 'refused', message });

/**
 * A fake server keeping the card's checklists; each request waits until the test releases it
 * (`answer()` answers the oldest), or fails if the test queued a refusal for it.
 */
function fakeServer(start: Checklist[]) {
	let lists = structuredClone(start);
	let nextId = 100;
	const sent: string[] = [];
	const gates: (() => void)[] = [];
	const refusals: ApiResult<never>[] = [];
	const held = async <T>(label: string, run: () => ApiResult<T>): Promise<ApiResult<T>> => {
		sent.push(label);
		await new Promise<void>((resolve) => gates.push(resolve));
		const refusal = refusals.shift();
		return refusal ?? run();
	};
	const answer = (lists: Checklist[]): ApiResult<Card> => ({ ok: true, data: cardWith(structuredClone(lists)) });
	const find = (listId: string) => lists.find((list) => list.id === listId)!;
	const api: ChecklistApi = {
		addChecklist: (_c, title) => held('add list', () => ((lists = [...lists, { id: `l${nextId++}`, title, items: [] }]), answer(lists))),
		renameChecklist: (_c, listId, title) => held('rename', () => ((find(listId).title = title), answer(lists))),
		deleteChecklist: (_c, listId) => held('delete list', () => ((lists = lists.filter((l) => l.id !== listId)), answer(lists))),
		addItem: (_c, listId, text) => held(`add ${text}`, () => (find(listId).items.push({ id: `i${nextId++}`, text, done: false }), answer(lists))),
		updateItem: (_c, listId, itemId, body) =>
			held(`update ${itemId} ${JSON.stringify(body)}`, () => (Object.assign(find(listId).items.find((i) => i.id === itemId)!, body), answer(lists))),
		moveItem: (_c, listId, itemId, body) =>
			held(`move ${itemId} ${JSON.stringify(body)}`, () => {
				const list = find(listId);
				const item = list.items.find((i) => i.id === itemId)!;
				const others = list.items.filter((i) => i.id !== itemId);
				const at = body.before_item_id ? others.findIndex((i) => i.id === body.before_item_id) : others.length;
				list.items = [...others.slice(0, at), item, ...others.slice(at)];
				return answer(lists);
			}),
		deleteItem: (_c, listId, itemId) => held(`delete ${itemId}`, () => ((find(listId).items = find(listId).items.filter((i) => i.id !== itemId)), answer(lists))),
		convertItem: (_c, listId, itemId, override) =>
			held(`convert ${itemId}${override ? ' override' : ''}`, () => {
				const item = find(listId).items.find((i) => i.id === itemId)!;
				find(listId).items = find(listId).items.filter((i) => i.id !== itemId);
				const converted: ItemConverted = { card: { ...cardWith([], 'card-new'), title: item.text }, source: cardWith(structuredClone(lists)) };
				return { ok: true, data: converted };
			})
	};
	/** Let the oldest waiting request through and let its answer land. */
	const release = async (): Promise<void> => {
		gates.shift()?.();
		for (let i = 0; i < 5; i++) await Promise.resolve();
		await new Promise((resolve) => setTimeout(resolve, 0));
	};
	return { api, sent, release, refuseNext: (refusal: ApiResult<never>) => refusals.push(refusal), lists: () => lists };
}

const start = (): Checklist[] => [
	{
		id: 'l1',
		title: 'Launch',
		items: [
			{ id: 'a', text: 'Fuel', done: false },
			{ id: 'b', text: 'Crew', done: false },
			{ id: 'c', text: 'Countdown', done: false }
		]
	}
];

function setup() {
	const server = fakeServer(start());
	const saved: Card[] = [];
	const errors: string[] = [];
	const state = new ChecklistsState(cardWith(start()), {
		api: server.api,
		onsaved: (card) => saved.push(card),
		onerror: (message) => errors.push(message)
	});
	const items = () => state.lists[0]?.items.map((item) => `${item.text}${item.done ? '✓' : ''}`);
	return { server, state, saved, errors, items };
}

describe('ChecklistsState', () => {
	it('ticks at once and keeps the tick when the server agrees', async () => {
		const { server, state, saved, items } = setup();
		const ticking = state.setDone('l1', 'a', true);
		expect(items()).toEqual(['Fuel✓', 'Crew', 'Countdown']);
		expect(state.saving).toBe(true);
		await server.release();
		expect((await ticking).ok).toBe(true);
		expect(items()).toEqual(['Fuel✓', 'Crew', 'Countdown']);
		expect(saved).toHaveLength(1);
		expect(state.saving).toBe(false);
	});

	it('rolls a refused tick back and says why, keeping the changes around it', async () => {
		const { server, state, errors, items } = setup();
		void state.setDone('l1', 'a', true);
		const refusedTick = state.setDone('l1', 'b', true);
		void state.setDone('l1', 'c', true);
		expect(items()).toEqual(['Fuel✓', 'Crew✓', 'Countdown✓']);
		await server.release();
		server.refuseNext(refused(403, 'Viewers cannot change cards.'));
		await server.release();
		expect((await refusedTick).ok).toBe(false);
		expect(items()).toEqual(['Fuel✓', 'Crew', 'Countdown✓']);
		expect(errors).toEqual(['Could not tick “Crew”: Viewers cannot change cards.']);
		await server.release();
		expect(items()).toEqual(['Fuel✓', 'Crew', 'Countdown✓']);
		expect(server.sent).toEqual(['update a {"done":true}', 'update b {"done":true}', 'update c {"done":true}']);
	});

	it('shows a new item at once, sends one request at a time, and takes the server’s ids', async () => {
		const { server, state, items } = setup();
		void state.addItem('l1', 'Ignition');
		void state.addItem('l1', 'Liftoff');
		expect(items()).toEqual(['Fuel', 'Crew', 'Countdown', 'Ignition', 'Liftoff']);
		expect(server.sent).toEqual(['add Ignition']);
		const pending = state.lists[0].items[3].id;
		expect((await state.setDone('l1', pending, true)).ok).toBe(false);
		await server.release();
		expect(server.sent).toEqual(['add Ignition', 'add Liftoff']);
		await server.release();
		expect(state.lists[0].items.map((item) => item.id).slice(3)).toEqual(['i100', 'i101']);
	});

	it('reorders at once and sends the anchor, counted on what is shown', async () => {
		const { server, state, items } = setup();
		const moving = state.moveItem('l1', 'c', 0);
		expect(items()).toEqual(['Countdown', 'Fuel', 'Crew']);
		expect(state.moveItem('l1', 'c', 0)).toBeNull(); // there already
		void state.moveItem('l1', 'a', 2);
		expect(items()).toEqual(['Countdown', 'Crew', 'Fuel']);
		await server.release();
		await server.release();
		expect((await moving)?.ok).toBe(true);
		expect(server.sent).toEqual(['move c {"before_item_id":"a"}', 'move a {"after_item_id":"b"}']);
		expect(server.lists()[0].items.map((item) => item.id)).toEqual(['c', 'b', 'a']);
		expect(items()).toEqual(['Countdown', 'Crew', 'Fuel']);
	});

	it('edits and deletes items and checklists', async () => {
		const { server, state, items } = setup();
		void state.setText('l1', 'b', 'Crew aboard');
		void state.deleteItem('l1', 'a');
		expect(items()).toEqual(['Crew aboard', 'Countdown']);
		await server.release();
		await server.release();
		void state.renameChecklist('l1', 'Go');
		void state.addChecklist('Land');
		expect(state.lists.map((list) => list.title)).toEqual(['Go', 'Land']);
		await server.release();
		await server.release();
		void state.deleteChecklist('l1');
		expect(state.lists.map((list) => list.title)).toEqual(['Land']);
		await server.release();
		expect(server.lists().map((list) => list.title)).toEqual(['Land']);
	});

	it('converts an item: it leaves at once; a full column is left to the caller, then overridden', async () => {
		const { server, state, errors, items } = setup();
		server.refuseNext(refused(409, 'The column is full.'));
		const first = state.convert('l1', 'b');
		expect(items()).toEqual(['Fuel', 'Countdown']);
		await server.release();
		const refusal = await first;
		expect(!refusal.ok && refusal.status).toBe(409);
		expect(errors).toEqual([]);
		expect(items()).toEqual(['Fuel', 'Crew', 'Countdown']);
		const again = state.convert('l1', 'b', true);
		await server.release();
		const converted = await again;
		expect(converted.ok && converted.data.card.title).toBe('Crew');
		expect(server.sent).toEqual(['convert b', 'convert b override']);
		expect(items()).toEqual(['Fuel', 'Countdown']);
	});

	it('follows a newer card only when nothing is under way', async () => {
		const { server, state, items } = setup();
		void state.setDone('l1', 'a', true);
		state.sync(cardWith([]));
		expect(items()).toEqual(['Fuel✓', 'Crew', 'Countdown']);
		await server.release();
		state.sync(cardWith([{ id: 'l9', title: 'Other', items: [] }]));
		expect(state.lists.map((list) => list.title)).toEqual(['Other']);
	});
});
