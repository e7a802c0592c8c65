import { describe, expect, it } from 'vitest';
import {
	BOTTOM,
	columnOptions,
	currentPosition,
	isSamePlace,
	moveRequest,
	positionOptions,
	TOP,
	type MoveBoard
} from './move-options';

const BOARD: MoveBoard = {
	id: 'b1',
	columns: [
		{
			id: 'todo',
			name: 'To do',
			wip_limit: null,
			cards: [
				{ id: 'a', title: 'A' },
				{ id: 'me', title: 'Me' },
				{ id: 'b', title: 'B' }
			]
		},
		{
			id: 'doing',
			name: 'In progress',
			wip_limit: 2,
			cards: [
				{ id: 'c', title: 'C' },
				{ id: 'd', title: 'D' },
				{ id: 'pending-1', title: 'Not saved yet', pending: true }
			]
		},
		{ id: 'done', name: 'Done', wip_limit: null, cards: [] }
	]
};
const [todo, doing, done] = BOARD.columns;

describe('move options', () => {
	it('lists the columns with their WIP counts and marks the current one', () => {
		expect(columnOptions(BOARD, 'me', 'todo')).toEqual([
			{ value: 'todo', label: 'To do — current' },
			{ value: 'doing', label: 'In progress (2/2)' },
			{ value: 'done', label: 'Done' }
		]);
	});

	it('offers top, bottom and after each other card the server knows', () => {
		expect(positionOptions(todo, 'me')).toEqual([
			{ value: TOP, label: 'Top' },
			{ value: BOTTOM, label: 'Bottom' },
			{ value: 'after:a', label: 'After “A”' },
			{ value: 'after:b', label: 'After “B”' }
		]);
		expect(positionOptions(doing, 'me').map((option) => option.value)).toEqual([TOP, BOTTOM, 'after:c', 'after:d']);
		expect(positionOptions(done, 'me')).toHaveLength(2);
	});

	it('builds the move request for each position', () => {
		expect(moveRequest(doing, 'me', TOP)).toEqual({ column_id: 'doing', before_card_id: 'c' });
		expect(moveRequest(doing, 'me', BOTTOM)).toEqual({ column_id: 'doing', after_card_id: 'd' });
		expect(moveRequest(doing, 'me', 'after:c')).toEqual({ column_id: 'doing', after_card_id: 'c' });
		expect(moveRequest(todo, 'me', TOP)).toEqual({ column_id: 'todo', before_card_id: 'a' });
		expect(moveRequest(done, 'me', TOP)).toEqual({ column_id: 'done' });
		expect(moveRequest(done, 'me', BOTTOM, true)).toEqual({ column_id: 'done', override_wip: true });
		// An anchor that has gone meanwhile: the end of the column.
		expect(moveRequest(doing, 'me', 'after:gone')).toEqual({ column_id: 'doing', after_card_id: 'd' });
	});

	it('knows where the card is now, and a move that changes nothing', () => {
		expect(currentPosition(todo, 'me')).toBe('after:a');
		expect(currentPosition(todo, 'a')).toBe(TOP);
		expect(isSamePlace(todo, 'me', 'after:a')).toBe(true);
		expect(isSamePlace(todo, 'me', TOP)).toBe(false);
		expect(isSamePlace(todo, 'me', BOTTOM)).toBe(false);
		expect(isSamePlace(todo, 'b', BOTTOM)).toBe(true);
		expect(isSamePlace(todo, 'a', TOP)).toBe(true);
		expect(isSamePlace(doing, 'me', TOP)).toBe(false);
	});
});
