import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { BoardView } from '../boards/board.svelte';
import { liveCards, liveColumns, positionBetween, writeMove } from './doc-view';

function card(id: string, column: string, title = id) {
	return {
		id,
		board_id: 'b',
		column_id: column,
		parent_id: null,
		title,
		description: '',
		labels: ['kept'],
		assignee_ids: [],
		due: null,
		due_done: false,
		archived: false,
		checklists: [],
		comment_count: 2
	};
}

function board(): BoardView {
	return {
		id: 'b',
		name: 'Sprint',
		project_id: 'p',
		columns: [
			{ id: 'todo', name: 'To do', position: 'a0', wip_limit: null, cards: [card('c1', 'todo'), card('c2', 'todo')] },
			{ id: 'done', name: 'Done', position: 'a1', wip_limit: null, cards: [] }
		]
	} as unknown as BoardView;
}

function doc(cards: Record<string, { title: string; column_id: string; position: string; description?: string; archived?: boolean }>): Y.Doc {
	const made = new Y.Doc();
	made.transact(() => {
		for (const [id, fields] of Object.entries(cards)) {
			const entry = new Y.Map<unknown>();
			entry.set('title', fields.title);
			entry.set('description', new Y.Text(fields.description ?? ''));
			entry.set('column_id', fields.column_id);
			entry.set('position', fields.position);
			entry.set('archived', fields.archived ?? false);
			made.getMap('cards').set(id, entry);
		}
	});
	return made;
}

describe('the live document over the board', () => {
	it('takes titles, descriptions, columns and order from the document, the rest from REST', () => {
		const shared = doc({
			c1: { title: 'One 😀', column_id: 'done', position: 'a1', description: 'typed live' },
			c2: { title: 'Two', column_id: 'todo', position: 'a2' },
			c3: { title: 'Made elsewhere', column_id: 'todo', position: 'a1' }
		});
		const shown = liveColumns(board(), liveCards(shared));
		expect(shown.get('todo')!.map((c) => [c.id, c.title])).toEqual([
			['c3', 'Made elsewhere'],
			['c2', 'Two']
		]);
		expect(shown.get('done')!.map((c) => [c.id, c.title, c.description, c.labels, c.comment_count])).toEqual([
			['c1', 'One 😀', 'typed live', ['kept'], 2]
		]);
	});

	it('leaves out archived cards it did not show and cards the document no longer holds; an unknown column is the first', () => {
		const shared = doc({
			c1: { title: 'Archived here', column_id: 'todo', position: 'a1', archived: true },
			c2: { title: 'Two', column_id: 'gone', position: 'a2' },
			c9: { title: 'Archived before', column_id: 'todo', position: 'a3', archived: true }
		});
		const without = board();
		without.columns[0].cards.push(card('gone-card', 'todo'));
		const shown = liveColumns(without, liveCards(shared));
		expect([...shown.values()].map((cards) => cards.map((c) => [c.id, c.archived]))).toEqual([[['c1', true], ['c2', false]], []]);
	});

	it('keeps a card the document did not change as the same object', () => {
		const shown = board();
		const shared = doc({ c1: { title: 'c1', column_id: 'todo', position: 'a1' }, c2: { title: 'New title', column_id: 'todo', position: 'a2' } });
		const [first, second] = liveColumns(shown, liveCards(shared)).get('todo')!;
		expect(first).toBe(shown.columns[0].cards[0]);
		expect(second).not.toBe(shown.columns[0].cards[1]);
		expect(second.title).toBe('New title');
	});

	it('writes a move as the column and a position between the new neighbours', () => {
		const shared = doc({
			c1: { title: 'One', column_id: 'todo', position: 'a1' },
			c2: { title: 'Two', column_id: 'todo', position: 'a2' }
		});
		const moved = board();
		moved.columns[0].cards.reverse(); // c2 now before c1
		expect(writeMove(shared, moved, 'c2')).toBe(true);
		const cards = liveCards(shared);
		expect(cards.get('c2')!.position < cards.get('c1')!.position).toBe(true);
		expect(writeMove(shared, moved, 'nope')).toBe(false);
	});

	it('always finds a position, even between broken or crossed neighbours', () => {
		expect(positionBetween('a1', 'a2') > 'a1').toBe(true);
		expect(positionBetween('a2', 'a1') > 'a2').toBe(true);
		expect(positionBetween('not a key!', null)).toBe('a0');
		expect(positionBetween(null, null)).toBe('a0');
	});
});
