/** The drawer's editable copy of a card, and the PATCH body holding only what changed. */
import type { Card, CardUpdate } from '$lib/api/types';

/** Labels are not here: the label picker saves them at once (a name may hold a comma). */
export type CardDraft = { title: string; description: string; due: string; assignees: string[] };

/** "2026-03-04T00:00:00Z" -> "2026-03-04", the value an <input type="date"> takes. */
export function dateInputValue(due: string | null): string {
	return due ? due.slice(0, 10) : '';
}

export function draftOf(card: Card): CardDraft {
	return {
		title: card.title,
		description: card.description,
		due: dateInputValue(card.due),
		assignees: [...card.assignee_ids]
	};
}

function sameSet(a: string[], b: string[]): boolean {
	const set = new Set(a);
	return set.size === new Set(b).size && b.every((item) => set.has(item));
}

/** Only the fields that differ from the card; an emptied date becomes `due: null` (clears it). */
export function changedFields(card: Card, draft: CardDraft): CardUpdate {
	const body: CardUpdate = {};
	const title = draft.title.trim();
	if (title !== card.title) body.title = title;
	if (draft.description !== card.description) body.description = draft.description;
	if (!sameSet(draft.assignees, card.assignee_ids)) body.assignee_ids = [...new Set(draft.assignees)];
	if (draft.due !== dateInputValue(card.due)) body.due = draft.due ? `${draft.due}T00:00:00Z` : null;
	return body;
}

