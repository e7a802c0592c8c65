import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { BoardView } from './board.svelte';
import type { ColumnMove, CreatedColumn } from './column-api';
import { applyColumnMove, columnDropIndex, ColumnMover, columnMoveBody, columnStepIndex, planColumnMove } from './column-move';

function board(...ids: string[]): BoardView {
	return { id: 'b1', name: 'Sprint', project_id: 'p1', columns: ids.map((id) => ({ id, name: id.toUpperCase(), wip_limit: null, done: false, cards: [] })) };
}

const order = (view: BoardView) => view.columns.map((column) => column.id);

describe('column moves', () => {
	it('moves a column to a new index among the others', () => {
		expect(order(applyColumnMove(board('a', 'b', 'c'), 'a', 2))).toEqual(['b', 'c', 'a']);
		expect(order(applyColumnMove(board('a', 'b', 'c'), 'c', 0))).toEqual(['c', 'a', 'b']);
		expect(order(applyColumnMove(board('a', 'b', 'c'), 'x', 0))).toEqual(['a', 'b', 'c']);
	});

	it('anchors after the previous column, or before the next one at the start', () => {
		expect(columnMoveBody(board('a', 'b', 'c'), 'a', 1)).toEqual({ after_column_id: 'b' });
		expect(columnMoveBody(board('a', 'b', 'c'), 'c', 0)).toEqual({ before_column_id: 'a' });
		expect(columnMoveBody(board('a', 'b', 'c'), 'a', 2)).toEqual({ after_column_id: 'c' });
	});

	it('skips pending columns as anchors', () => {
		expect(columnMoveBody(board('pending-column-1', 'a', 'b'), 'b', 1)).toEqual({ before_column_id: 'a' });
	});

	it('plans nothing for no-op, unknown or pending moves', () => {
		expect(planColumnMove(board('a', 'b'), 'a', 0)).toBeNull();
		expect(planColumnMove(board('a', 'b'), 'x', 1)).toBeNull();
		const plan = planColumnMove(board('a', 'b', 'c'), 'b', 0)!;
		expect(order(plan.board)).toEqual(['b', 'a', 'c']);
		expect(plan).toMatchObject({ body: { before_column_id: 'a' }, fromIndex: 1 });
	});

	it('steps one place with the keyboard, stopping at the ends', () => {
		expect(columnStepIndex(board('a', 'b', 'c'), 'b', 'ArrowLeft')).toBe(0);
		expect(columnStepIndex(board('a', 'b', 'c'), 'b', 'ArrowRight')).toBe(2);
		expect(columnStepIndex(board('a', 'b', 'c'), 'a', 'ArrowLeft')).toBeNull();
		expect(columnStepIndex(board('a', 'b', 'c'), 'c', 'ArrowRight')).toBeNull();
	});

	it('turns a drop on half of a column into an index', () => {
		expect(columnDropIndex(board('a', 'b', 'c'), 'a', 'c', 'before')).toBe(1);
		expect(columnDropIndex(board('a', 'b', 'c'), 'a', 'c', 'after')).toBe(2);
		expect(columnDropIndex(board('a', 'b', 'c'), 'c', 'a', 'before')).toBe(0);
		expect(columnDropIndex(board('a', 'b', 'c'), 'a', 'a', 'after')).toBeNull();
	});
});

describe('ColumnMover', () => {
	function mover(result: ApiResult<CreatedColumn>) {
		const state = { board: board('a', 'b', 'c') as BoardView | null };
		const calls: [string, ColumnMove][] = [];
		const api = {
			moveColumn: async (columnId: string, body: ColumnMove) => {
				calls.push([columnId, body]);
				expect(order(state.board!)).toEqual(['b', 'c', 'a']);
				return result;
			}
		};
		return { state, calls, mover: new ColumnMover(state, api) };
	}

	it('moves at once and keeps the move when the server agrees', async () => {
		const { state, calls, mover: subject } = mover({ ok: true, data: { id: 'a', name: 'A', wip_limit: null, done: false } });
		const result = await subject.move('a', 2);
		expect(result?.ok).toBe(true);
		expect(calls).toEqual([['a', { after_column_id: 'c' }]]);
		expect(order(state.board!)).toEqual(['b', 'c', 'a']);
	});

	it('rolls back when the server refuses', async () => {
		const { state, mover: subject } = mover({ ok: false, status: 403, code: 'forbidden', message: 'No' });
		const result = await subject.move('a', 2);
		expect(result?.ok).toBe(false);
		expect(order(state.board!)).toEqual(['a', 'b', 'c']);
	});

	it('does nothing for a no-op move', async () => {
		const { calls, mover: subject } = mover({ ok: true, data: { id: 'a', name: 'A', wip_limit: null, done: false } });
		expect(await subject.move('a', 0)).toBeNull();
		expect(calls).toEqual([]);
	});
});
