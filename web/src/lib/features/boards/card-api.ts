import { api } from '$lib/api/client';
import { toResult, type ApiResult } from '$lib/api/result';
import type { AuditEvent, Card, CardMove, CardUpdate, Comment } from '$lib/api/types';

function cardPath(cardId: string) {
	return { params: { path: { card_id: cardId } } };
}

export function getCard(cardId: string): Promise<ApiResult<Card>> {
	return toResult(api.GET('/api/cards/{card_id}', cardPath(cardId)));
}

export function updateCard(cardId: string, body: CardUpdate): Promise<ApiResult<Card>> {
	return toResult(api.PATCH('/api/cards/{card_id}', { ...cardPath(cardId), body }));
}

export function moveCard(cardId: string, body: CardMove): Promise<ApiResult<Card>> {
	return toResult(api.POST('/api/cards/{card_id}/move', { ...cardPath(cardId), body }));
}

export function listComments(cardId: string): Promise<ApiResult<Comment[]>> {
	return toResult(api.GET('/api/cards/{card_id}/comments', cardPath(cardId)));
}

export function addComment(cardId: string, body: string): Promise<ApiResult<Comment>> {
	return toResult(api.POST('/api/cards/{card_id}/comments', { ...cardPath(cardId), body: { body } }));
}

function commentPath(commentId: string) {
	return { params: { path: { comment_id: commentId } } };
}

export function editComment(commentId: string, body: string): Promise<ApiResult<Comment>> {
	return toResult(api.PATCH('/api/comments/{comment_id}', { ...commentPath(commentId), body: { body } }));
}

export function deleteComment(commentId: string): Promise<ApiResult<unknown>> {
	return toResult(api.DELETE('/api/comments/{comment_id}', commentPath(commentId)));
}

export function cardHistory(cardId: string): Promise<ApiResult<AuditEvent[]>> {
	return toResult(api.GET('/api/cards/{card_id}/history', cardPath(cardId)));
}

/** What the card drawer needs from the server; tests hand in their own. */
export type CardApi = {
	updateCard: typeof updateCard;
	moveCard: typeof moveCard;
	listComments: typeof listComments;
	addComment: typeof addComment;
	editComment: typeof editComment;
	deleteComment: typeof deleteComment;
	cardHistory: typeof cardHistory;
};

export const cardApi: CardApi = { updateCard, moveCard, listComments, addComment, editComment, deleteComment, cardHistory };
