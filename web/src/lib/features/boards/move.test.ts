import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { Card, CardMove } from '$lib/api/types';
import { BoardState, type BoardCard, type BoardView } from './board.svelte';
import { CardMover } from './card-mover';
import { applyMove, describeMove, dropIndex, keyboardDrop, moveBody, planMove } from './move';

function card(id: string, columnId: string, extra: Partial<BoardCard> = {}): BoardCard {
	return { id, column_id: columnId, parent_id: null, title: id.toUpperCase(), description: '', labels: [], assignee_ids: [], due: null, archived: false, board_id: 'b1', due_done: false, checklists: [], comment_count: 0, ...extra };
}

function boardFixture(): BoardView {
	return {
		id: 'b1',
		name: 'Sprint',
		project_id: 'p1',
		columns: [
			{ id: 'todo', name: 'To do', wip_limit: null, done: false, cards: [card('a', 'todo'), card('b', 'todo'), card('c', 'todo')] },
			{ id: 'doing', name: 'Doing', wip_limit: 2, done: false, cards: [card('d', 'doing')] },
			{ id: 'done', name: 'Done', wip_limit: null, done: false, cards: [] }
		]
	};
}

function ids(board: BoardView, columnId: string): string[] {
	return board.columns.find((column) => column.id === columnId)!.cards.map((c) => c.id);
}

describe('dropIndex', () => {
	it('counts the card midpoints above the pointer', () => {
		expect(dropIndex([10, 30, 50], 5)).toBe(0);
		expect(dropIndex([10, 30, 50], 31)).toBe(2);
		expect(dropIndex([10, 30, 50], 99)).toBe(3);
		expect(dropIndex([], 99)).toBe(0);
	});
});

describe('moveBody', () => {
	const column = boardFixture().columns[0];

	it('anchors after the card above the drop', () => {
		expect(moveBody(column, { cardId: 'x', columnId: 'todo', index: 2 })).toEqual({ column_id: 'todo', after_card_id: 'b' });
	});

	it('anchors before the first card when dropped at the top', () => {
		expect(moveBody(column, { cardId: 'x', columnId: 'todo', index: 0 })).toEqual({ column_id: 'todo', before_card_id: 'a' });
	});

	it('leaves the moving card out of its own anchors', () => {
		expect(moveBody(column, { cardId: 'a', columnId: 'todo', index: 1 })).toEqual({ column_id: 'todo', after_card_id: 'b' });
	});

	it('sends no anchor into an empty column, and skips pending cards', () => {
		expect(moveBody({ ...column, cards: [] }, { cardId: 'x', columnId: 'todo', index: 0 })).toEqual({ column_id: 'todo' });
		const withPending = { ...column, cards: [card('p', 'todo', { pending: true }), card('a', 'todo')] };
		expect(moveBody(withPending, { cardId: 'x', columnId: 'todo', index: 1 })).toEqual({ column_id: 'todo', before_card_id: 'a' });
	});
});

describe('planMove', () => {
	it('moves the card across columns and hands back the body', () => {
		const plan = planMove(boardFixture(), { cardId: 'b', columnId: 'doing', index: 0 })!;
		expect(ids(plan.board, 'todo')).toEqual(['a', 'c']);
		expect(ids(plan.board, 'doing')).toEqual(['b', 'd']);
		expect(plan.board.columns[1].cards[0].column_id).toBe('doing');
		expect(plan.body).toEqual({ column_id: 'doing', before_card_id: 'd' });
		expect(plan.from).toEqual({ columnId: 'todo', index: 1 });
	});

	it('reorders within a column', () => {
		const plan = planMove(boardFixture(), { cardId: 'a', columnId: 'todo', index: 2 })!;
		expect(ids(plan.board, 'todo')).toEqual(['b', 'c', 'a']);
		expect(plan.body).toEqual({ column_id: 'todo', after_card_id: 'c' });
	});

	it('is null for a drop onto the same place, an unknown column or card', () => {
		expect(planMove(boardFixture(), { cardId: 'b', columnId: 'todo', index: 1 })).toBeNull();
		expect(planMove(boardFixture(), { cardId: 'b', columnId: 'nope', index: 0 })).toBeNull();
		expect(planMove(boardFixture(), { cardId: 'zz', columnId: 'todo', index: 0 })).toBeNull();
	});

	it('does not mutate the board it is given', () => {
		const board = boardFixture();
		planMove(board, { cardId: 'a', columnId: 'done', index: 0 });
		expect(board).toEqual(boardFixture());
	});
});

describe('keyboardDrop', () => {
	it('sends the card to the end of the next or previous column', () => {
		const board = boardFixture();
		expect(keyboardDrop(board, 'a', 'ArrowRight')).toEqual({ cardId: 'a', columnId: 'doing', index: 1 });
		expect(keyboardDrop(board, 'd', 'ArrowLeft')).toEqual({ cardId: 'd', columnId: 'todo', index: 3 });
		expect(keyboardDrop(board, 'a', 'ArrowLeft')).toBeNull();
	});

	it('steps within the column, stopping at either end', () => {
		const board = boardFixture();
		expect(keyboardDrop(board, 'b', 'ArrowUp')).toEqual({ cardId: 'b', columnId: 'todo', index: 0 });
		expect(keyboardDrop(board, 'b', 'ArrowDown')).toEqual({ cardId: 'b', columnId: 'todo', index: 2 });
		expect(keyboardDrop(board, 'c', 'ArrowDown')).toBeNull();
		const moved = applyMove(board, keyboardDrop(board, 'b', 'ArrowDown')!);
		expect(ids(moved, 'todo')).toEqual(['a', 'c', 'b']);
	});
});

describe('describeMove', () => {
	it('names the column and the position', () => {
		const board = applyMove(boardFixture(), { cardId: 'a', columnId: 'doing', index: 1 });
		expect(describeMove(board, 'a')).toBe('Moved “A” to Doing, position 2 of 2.');
	});
});

/** A BoardState holding the fixture, and a mover whose server answer the test releases by hand. */
async function moverWith(answer: (body: CardMove) => ApiResult<Card>) {
	const state = new BoardState({
		getBoard: async () => ({ ok: true, data: boardFixture() }),
		createCard: async () => {
			throw new Error('not called');
		}
	});
	await state.load('b1');
	let release: () => void = () => {};
	const gate = new Promise<void>((resolve) => (release = resolve));
	const sent: CardMove[] = [];
	const mover = new CardMover(state, {
		moveCard: async (_id, body) => {
			sent.push(body);
			await gate;
			return answer(body);
		}
	});
	return { state, mover, release, sent };
}

describe('CardMover', () => {
	it('moves at once and keeps the server copy on success', async () => {
		const { state, mover, release, sent } = await moverWith((body) => ({ ok: true, data: card('a', body.column_id, { title: 'Saved' }) }));
		const moving = mover.move({ cardId: 'a', columnId: 'done', index: 0 });
		expect(ids(state.board!, 'done')).toEqual(['a']);
		expect(sent).toEqual([{ column_id: 'done' }]);

		release();
		expect((await moving)?.ok).toBe(true);
		expect(state.card('a')).toMatchObject({ title: 'Saved', column_id: 'done' });
	});

	it('rolls back to the old place and hands back the refusal', async () => {
		const refusal = { ok: false, status: 409, code: 'conflict', message: 'Column Doing is at its WIP limit (2).' } as const;
		const { state, mover, release } = await moverWith(() => refusal);
		const moving = mover.move({ cardId: 'b', columnId: 'doing', index: 1 });
		expect(ids(state.board!, 'doing')).toEqual(['d', 'b']);

		release();
		expect(await moving).toEqual(refusal);
		expect(state.board).toEqual(boardFixture());
	});

	it('runs a second move of the same card after the first settles', async () => {
		const { state, mover, release, sent } = await moverWith((body) => ({ ok: true, data: card('b', body.column_id) }));
		const first = mover.move({ cardId: 'b', columnId: 'doing', index: 1 });
		const second = mover.move({ cardId: 'b', columnId: 'done', index: 0 });
		expect(sent).toHaveLength(1);

		release();
		await Promise.all([first, second]);
		expect(sent).toEqual([{ column_id: 'doing', after_card_id: 'd' }, { column_id: 'done' }]);
		expect(ids(state.board!, 'done')).toEqual(['b']);
	});

	it('skips drops that change nothing', async () => {
		const { mover, sent } = await moverWith(() => {
			throw new Error('not called');
		});
		expect(await mover.move({ cardId: 'a', columnId: 'todo', index: 0 })).toBeNull();
		expect(sent).toEqual([]);
	});
});
