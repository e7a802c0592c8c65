import type { ApiResult } from '$lib/api/result';
import type { BoardColumn, BoardState } from './board.svelte';
import { createColumn, type ColumnApi, type CreatedColumn } from './column-api';

const PENDING_PREFIX = 'pending-column-';
let counter = 0;

/** An optimistic column the server has not confirmed yet: no card can go in it. */
export function isPendingColumn(column: Pick<BoardColumn, 'id'> | string | undefined): boolean {
	const id = typeof column === 'string' ? column : column?.id;
	return id?.startsWith(PENDING_PREFIX) ?? false;
}

/**
 * Adds columns to a BoardState optimistically: the column shows at the right end at once, is
 * swapped for the server's column when it answers, and taken back out if the server refuses.
 */
export class ColumnAdder {
	readonly #state: BoardState;
	readonly #api: ColumnApi;

	constructor(state: BoardState, api: ColumnApi = { createColumn }) {
		this.#state = state;
		this.#api = api;
	}

	async add(name: string): Promise<ApiResult<CreatedColumn>> {
		const board = this.#state.board;
		if (!board) throw new Error('no board loaded');
		counter += 1;
		const placeholder: BoardColumn = { id: `${PENDING_PREFIX}${counter}`, name, wip_limit: null, done: false, cards: [] };
		board.columns.push(placeholder);
		const result = await this.#api.createColumn(board.id, name);
		this.#settle(board.id, placeholder.id, result.ok ? result.data : null);
		return result;
	}

	#settle(boardId: string, placeholderId: string, saved: CreatedColumn | null): void {
		// A move replaces state.board with a new object; look the board up again, by id.
		const board = this.#state.board;
		if (!board || board.id !== boardId) return;
		board.columns = saved
			? board.columns.map((column) => (column.id === placeholderId ? { ...saved, cards: [] } : column))
			: board.columns.filter((column) => column.id !== placeholderId);
	}
}
