/** A card's checklists; every write answers the updated card (a convert: the new card too). */
import { api } from '$lib/api/client';
import type { components } from '$lib/api/schema';
import { toResult, type ApiResult } from '$lib/api/result';
import type { Card } from '$lib/api/types';

export type Checklist = components['schemas']['ChecklistOut'];
export type ChecklistItem = components['schemas']['ChecklistItemOut'];
export type ItemMove = components['schemas']['ItemMove'];
export type ItemUpdate = components['schemas']['ItemUpdate'];
export type ItemConverted = components['schemas']['ItemConverted'];

const card = (cardId: string) => ({ params: { path: { card_id: cardId } } });
const list = (cardId: string, checklistId: string) => ({ params: { path: { card_id: cardId, checklist_id: checklistId } } });
const item = (cardId: string, checklistId: string, itemId: string) => ({
	params: { path: { card_id: cardId, checklist_id: checklistId, item_id: itemId } }
});

export function addChecklist(cardId: string, title: string): Promise<ApiResult<Card>> {
	return toResult(api.POST('/api/cards/{card_id}/checklists', { ...card(cardId), body: { title } }));
}

export function renameChecklist(cardId: string, checklistId: string, title: string): Promise<ApiResult<Card>> {
	return toResult(api.PATCH('/api/cards/{card_id}/checklists/{checklist_id}', { ...list(cardId, checklistId), body: { title } }));
}

export function deleteChecklist(cardId: string, checklistId: string): Promise<ApiResult<Card>> {
	return toResult(api.DELETE('/api/cards/{card_id}/checklists/{checklist_id}', list(cardId, checklistId)));
}

export function addItem(cardId: string, checklistId: string, text: string): Promise<ApiResult<Card>> {
	return toResult(api.POST('/api/cards/{card_id}/checklists/{checklist_id}/items', { ...list(cardId, checklistId), body: { text } }));
}

export function updateItem(cardId: string, checklistId: string, itemId: string, body: ItemUpdate): Promise<ApiResult<Card>> {
	return toResult(
		api.PATCH('/api/cards/{card_id}/checklists/{checklist_id}/items/{item_id}', { ...item(cardId, checklistId, itemId), body })
	);
}

export function moveItem(cardId: string, checklistId: string, itemId: string, body: ItemMove): Promise<ApiResult<Card>> {
	return toResult(
		api.POST('/api/cards/{card_id}/checklists/{checklist_id}/items/{item_id}/move', { ...item(cardId, checklistId, itemId), body })
	);
}

export function deleteItem(cardId: string, checklistId: string, itemId: string): Promise<ApiResult<Card>> {
	return toResult(api.DELETE('/api/cards/{card_id}/checklists/{checklist_id}/items/{item_id}', item(cardId, checklistId, itemId)));
}

/** 409 with the WIP details when the card's column is full, unless `overrideWip`. */
export function convertItem(cardId: string, checklistId: string, itemId: string, overrideWip = false): Promise<ApiResult<ItemConverted>> {
	return toResult(
		api.POST('/api/cards/{card_id}/checklists/{checklist_id}/items/{item_id}/convert', {
			...item(cardId, checklistId, itemId),
			body: overrideWip ? { override_wip: true } : {}
		})
	);
}

/** What the checklist state needs from the server; tests hand in their own. */
export type ChecklistApi = {
	addChecklist: typeof addChecklist;
	renameChecklist: typeof renameChecklist;
	deleteChecklist: typeof deleteChecklist;
	addItem: typeof addItem;
	updateItem: typeof updateItem;
	moveItem: typeof moveItem;
	deleteItem: typeof deleteItem;
	convertItem: typeof convertItem;
};

export const checklistApi: ChecklistApi = {
	addChecklist,
	renameChecklist,
	deleteChecklist,
	addItem,
	updateItem,
	moveItem,
	deleteItem,
	convertItem
};
