import { api } from '$lib/api/client';
import { toResult, type ApiResult } from '$lib/api/result';
import type { components } from '$lib/api/schema';

/** The server's new column (no cards yet). From the generated schema, like every API type. */
export type CreatedColumn = components['schemas']['ColumnOut'];

export function createColumn(boardId: string, name: string): Promise<ApiResult<CreatedColumn>> {
	return toResult(
		api.POST('/api/boards/{board_id}/columns', { params: { path: { board_id: boardId } }, body: { name } })
	);
}

/** What the column adder needs from the server; tests hand in their own. */
export type ColumnApi = { createColumn: typeof createColumn };

export type ColumnMove = components['schemas']['ColumnMove'];

export function moveColumn(columnId: string, body: ColumnMove): Promise<ApiResult<CreatedColumn>> {
	return toResult(api.POST('/api/columns/{column_id}/move', { params: { path: { column_id: columnId } }, body }));
}

export type ColumnUpdate = components['schemas']['ColumnUpdate'];

/** Rename, set or clear (`null`) the WIP limit, or mark as a "done" column. */
export function updateColumn(columnId: string, body: ColumnUpdate): Promise<ApiResult<CreatedColumn>> {
	return toResult(api.PATCH('/api/columns/{column_id}', { params: { path: { column_id: columnId } }, body }));
}

/** Delete a column; one with cards needs `moveCardsTo`, the column that takes them (at its end). */
export function deleteColumn(columnId: string, moveCardsTo: string | null): Promise<ApiResult<unknown>> {
	return toResult(
		api.DELETE('/api/columns/{column_id}', {
			params: { path: { column_id: columnId }, query: moveCardsTo ? { move_cards_to: moveCardsTo } : {} }
		})
	);
}
