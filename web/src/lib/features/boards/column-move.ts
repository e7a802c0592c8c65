/**
 * Column moves as pure functions (the board after a move, and the API body asking the server for
 * the same order), plus a small optimistic mover that rolls back when the server refuses.
 */
import type { ApiResult } from '$lib/api/result';
import type { BoardView } from './board.svelte';
import { moveColumn, type ColumnMove, type CreatedColumn } from './column-api';
import { isPendingColumn } from './column-adder';

export type ColumnStep = 'ArrowLeft' | 'ArrowRight';
export type ColumnMovePlan = { board: BoardView; body: ColumnMove; fromIndex: number };

/** The board with column `columnId` taken out and put in at `index` (counted among the others). */
export function applyColumnMove(board: BoardView, columnId: string, index: number): BoardView {
	const column = board.columns.find((candidate) => candidate.id === columnId);
	if (!column) return board;
	const others = board.columns.filter((candidate) => candidate.id !== columnId);
	const at = Math.max(0, Math.min(index, others.length));
	return { ...board, columns: [...others.slice(0, at), column, ...others.slice(at)] };
}

/** Anchor on the nearest server-known neighbour: after the one before, else before the one after. */
export function columnMoveBody(board: BoardView, columnId: string, index: number): ColumnMove | null {
	const others = board.columns.filter((candidate) => candidate.id !== columnId);
	const at = Math.max(0, Math.min(index, others.length));
	const before = others.slice(0, at).filter((column) => !isPendingColumn(column));
	const after = others.slice(at).filter((column) => !isPendingColumn(column));
	if (before.length > 0) return { after_column_id: before[before.length - 1].id };
	if (after.length > 0) return { before_column_id: after[0].id };
	return null;
}

/** Everything an optimistic column move needs, or null when it changes nothing or cannot be sent. */
export function planColumnMove(board: BoardView, columnId: string, index: number): ColumnMovePlan | null {
	if (isPendingColumn(columnId)) return null;
	const fromIndex = board.columns.findIndex((column) => column.id === columnId);
	if (fromIndex < 0) return null;
	const at = Math.max(0, Math.min(index, board.columns.length - 1));
	if (at === fromIndex) return null;
	const body = columnMoveBody(board, columnId, at);
	if (!body) return null;
	return { board: applyColumnMove(board, columnId, at), body, fromIndex };
}

/** Alt+Shift+Left/Right: one place left or right; null at either end. */
export function columnStepIndex(board: BoardView, columnId: string, step: ColumnStep): number | null {
	const from = board.columns.findIndex((column) => column.id === columnId);
	if (from < 0) return null;
	const to = from + (step === 'ArrowLeft' ? -1 : 1);
	return to < 0 || to >= board.columns.length ? null : to;
}

/**
 * Where a dragged column lands when dropped on `targetId`: on its left half, just before it;
 * on its right half, just after it. The index counts the board's other columns.
 */
export function columnDropIndex(board: BoardView, draggedId: string, targetId: string, side: 'before' | 'after'): number | null {
	const others = board.columns.filter((column) => column.id !== draggedId);
	const target = others.findIndex((column) => column.id === targetId);
	if (target < 0) return null;
	return side === 'before' ? target : target + 1;
}

export type ColumnMoveApi = { moveColumn: typeof moveColumn };

/** Moves columns on a board holder optimistically; a refusal puts the column back where it was. */
export class ColumnMover {
	readonly #state: { board: BoardView | null };
	readonly #api: ColumnMoveApi;

	constructor(state: { board: BoardView | null }, api: ColumnMoveApi = { moveColumn }) {
		this.#state = state;
		this.#api = api;
	}

	/** Null when nothing moved. */
	async move(columnId: string, index: number): Promise<ApiResult<CreatedColumn> | null> {
		const board = this.#state.board;
		const plan = board && planColumnMove(board, columnId, index);
		if (!plan) return null;
		this.#state.board = plan.board;
		const result = await this.#api.moveColumn(columnId, plan.body);
		if (!result.ok && this.#state.board) this.#state.board = applyColumnMove(this.#state.board, columnId, plan.fromIndex);
		return result;
	}
}
