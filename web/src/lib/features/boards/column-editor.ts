/**
 * Column settings from the column menu: rename, WIP limit, "done" mark (optimistic, put back on
 * refusal) and delete (applied once the server agrees, its cards moved to the end of another).
 */
import type { ApiResult } from '$lib/api/result';
import type { BoardColumn, BoardView } from './board.svelte';
import { deleteColumn, updateColumn, type CreatedColumn } from './column-api';

/** What the column menu offers. */
export type ColumnAction = 'rename' | 'wip' | 'done' | 'delete';

/** The fields a column menu changes, as the board holds them. */
export type ColumnFields = Partial<Pick<BoardColumn, 'name' | 'wip_limit' | 'done'>>;

/** The board with `fields` set on one column (a new board and column object). */
export function applyColumnFields(board: BoardView, columnId: string, fields: ColumnFields): BoardView {
	return {
		...board,
		columns: board.columns.map((column) => (column.id === columnId ? { ...column, ...fields } : column))
	};
}

/** The fields' current values on the column, to put back after a refusal. */
function currentFields(column: BoardColumn, fields: ColumnFields): ColumnFields {
	const record = column as unknown as Record<string, unknown>;
	return Object.fromEntries(Object.keys(fields).map((key) => [key, record[key]])) as ColumnFields;
}

/** The board without the column; its cards go to the end of `moveTo` (as the server does). */
export function applyColumnDelete(board: BoardView, columnId: string, moveTo: string | null): BoardView {
	const removed = board.columns.find((column) => column.id === columnId);
	if (!removed) return board;
	const moved = removed.cards.map((card) => ({ ...card, column_id: moveTo }));
	const columns = board.columns
		.filter((column) => column.id !== columnId)
		.map((column) => (column.id === moveTo ? { ...column, cards: [...column.cards, ...moved] } : column));
	return { ...board, columns };
}

export type ColumnEditApi = { updateColumn: typeof updateColumn; deleteColumn: typeof deleteColumn };

export class ColumnEditor {
	readonly #state: { board: BoardView | null };
	readonly #api: ColumnEditApi;

	constructor(state: { board: BoardView | null }, api: ColumnEditApi = { updateColumn, deleteColumn }) {
		this.#state = state;
		this.#api = api;
	}

	/** Shows the change at once; a refusal puts back the fields nobody changed since. */
	async update(columnId: string, fields: ColumnFields): Promise<ApiResult<CreatedColumn>> {
		const board = this.#state.board;
		const column = board?.columns.find((candidate) => candidate.id === columnId);
		if (!board || !column) throw new Error(`no column ${columnId} on this board`);
		const before = currentFields(column, fields);
		this.#state.board = applyColumnFields(board, columnId, fields);
		const result = await this.#api.updateColumn(columnId, fields);
		if (!result.ok) this.#putBack(columnId, fields, before);
		return result;
	}

	#putBack(columnId: string, sent: ColumnFields, before: ColumnFields): void {
		const board = this.#state.board;
		const column = board?.columns.find((candidate) => candidate.id === columnId);
		if (!board || !column) return;
		const now = currentFields(column, sent);
		const untouched = Object.fromEntries(
			Object.entries(before).filter(([key]) => now[key as keyof ColumnFields] === sent[key as keyof ColumnFields])
		);
		this.#state.board = applyColumnFields(board, columnId, untouched);
	}

	/** Nothing changes on screen until the server has deleted the column. */
	async remove(columnId: string, moveTo: string | null): Promise<ApiResult<unknown>> {
		const result = await this.#api.deleteColumn(columnId, moveTo);
		const board = this.#state.board;
		if (result.ok && board) this.#state.board = applyColumnDelete(board, columnId, moveTo);
		return result;
	}
}
