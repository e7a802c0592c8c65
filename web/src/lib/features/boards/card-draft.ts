/** The drawer's editable copy of a card, and the PATCH body holding only what changed. */
import type { Card, CardUpdate } from '$lib/api/types';

export type CardDraft = { title: string; description: string; labels: string; due: string; assignees: string[] };

/** "2026-03-04T00:00:00Z" -> "2026-03-04", the value an <input type="date"> takes. */
export function dateInputValue(due: string | null): string {
	return due ? due.slice(0, 10) : '';
}

/** Comma-separated text -> trimmed, non-empty, de-duplicated labels. */
export function parseLabels(text: string): string[] {
	const labels = text.split(',').map((label) => label.trim()).filter((label) => label !== '');
	return [...new Set(labels)];
}

export function draftOf(card: Card): CardDraft {
	return {
		title: card.title,
		description: card.description,
		labels: card.labels.join(', '),
		due: dateInputValue(card.due),
		assignees: [...card.assignee_ids]
	};
}

function sameSet(a: string[], b: string[]): boolean {
	const set = new Set(a);
	return set.size === new Set(b).size && b.every((item) => set.has(item));
}

function sameList(a: string[], b: string[]): boolean {
	return a.length === b.length && a.every((item, index) => item === b[index]);
}

/** Only the fields that differ from the card; an emptied date becomes `due: null` (clears it). */
export function changedFields(card: Card, draft: CardDraft): CardUpdate {
	const body: CardUpdate = {};
	const title = draft.title.trim();
	if (title !== card.title) body.title = title;
	if (draft.description !== card.description) body.description = draft.description;
	const labels = parseLabels(draft.labels);
	if (!sameList(labels, card.labels)) body.labels = labels;
	if (!sameSet(draft.assignees, card.assignee_ids)) body.assignee_ids = [...new Set(draft.assignees)];
	if (draft.due !== dateInputValue(card.due)) body.due = draft.due ? `${draft.due}T00:00:00Z` : null;
	return body;
}

function sameValue(a: string | string[], b: string | string[]): boolean {
	return Array.isArray(a) && Array.isArray(b) ? sameList(a, b) : a === b;
}

/**
 * The draft after a save: the saved card's values, except for fields the person went on editing
 * while the save was in flight (`sent` is the draft as it was when the save started).
 */
export function rebaseDraft(sent: CardDraft, current: CardDraft, saved: Card): CardDraft {
	const fresh = draftOf(saved);
	const pick = <K extends keyof CardDraft>(key: K): CardDraft[K] =>
		sameValue(sent[key], current[key]) ? fresh[key] : current[key];
	return {
		title: pick('title'),
		description: pick('description'),
		labels: pick('labels'),
		due: pick('due'),
		assignees: pick('assignees')
	};
}
