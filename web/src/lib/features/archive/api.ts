import { api } from '$lib/api/client';
import { toResult, type ApiResult } from '$lib/api/result';
import type { Card } from '$lib/api/types';

/** As many archived cards as the panel lists at once; a search finds the rest. */
export const ARCHIVE_PAGE = 500;

/** A board's archived cards, those matching `query` (title or description) if it is given. */
export function listArchivedCards(boardId: string, query: string): Promise<ApiResult<Card[]>> {
	const q = query.trim() || undefined;
	return toResult(
		api.GET('/api/boards/{board_id}/cards', {
			params: { path: { board_id: boardId }, query: { archived: true, q, limit: ARCHIVE_PAGE } }
		})
	);
}

/** Back onto the board in its column; a full column refuses (409) unless `overrideWip`. */
export function restoreCard(cardId: string, overrideWip: boolean): Promise<ApiResult<Card>> {
	const body = overrideWip ? { archived: false, override_wip: true } : { archived: false };
	return toResult(api.PATCH('/api/cards/{card_id}', { params: { path: { card_id: cardId } }, body }));
}

/** Deletes the card for good, with its comments. */
export function deleteCard(cardId: string): Promise<ApiResult<undefined>> {
	return toResult(api.DELETE('/api/cards/{card_id}', { params: { path: { card_id: cardId } } }));
}
