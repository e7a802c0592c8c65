import { api } from '$lib/api/client';
import { toResult, type ApiResult } from '$lib/api/result';
import type { Card } from '$lib/api/types';

function cardPath(cardId: string) {
	return { params: { path: { card_id: cardId } } };
}

export function getCard(cardId: string): Promise<ApiResult<Card>> {
	return toResult(api.GET('/api/cards/{card_id}', cardPath(cardId)));
}

export function listSubtasks(cardId: string): Promise<ApiResult<Card[]>> {
	return toResult(api.GET('/api/cards/{card_id}/subtasks', cardPath(cardId)));
}

/** What a card's parent and subtasks need from the server; tests hand in their own. */
export type SubtasksApi = { getCard: typeof getCard; listSubtasks: typeof listSubtasks };

export const subtasksApi: SubtasksApi = { getCard, listSubtasks };
