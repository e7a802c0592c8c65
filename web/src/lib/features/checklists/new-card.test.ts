import { describe, expect, it } from 'vitest';
import { insertAfter } from './new-card';

const card = (id: string, column_id = 'todo') => ({ id, column_id });
const board = () => [
	{ id: 'todo', cards: [card('a'), card('b')] },
	{ id: 'done', cards: [card('z', 'done')] }
];
const ids = (columns: ReturnType<typeof board>) => columns.map((column) => column.cards.map((c) => c.id).join(''));

describe('insertAfter', () => {
	it('puts the new card right after the card it came from', () => {
		const columns = board();
		expect(insertAfter(columns, card('n'), 'a')).toBe(true);
		expect(ids(columns)).toEqual(['anb', 'z']);
	});

	it('puts it at the end of its column when that card is not there', () => {
		const columns = board();
		insertAfter(columns, card('n'), 'gone');
		expect(ids(columns)).toEqual(['abn', 'z']);
	});

	it('does nothing for a card the board has, or a column it does not show', () => {
		const columns = board();
		expect(insertAfter(columns, card('b'), 'a')).toBe(false);
		expect(insertAfter(columns, card('n', 'elsewhere'), 'a')).toBe(false);
		expect(ids(columns)).toEqual(['ab', 'z']);
	});
});
