/**
 * Checklist changes as pure functions over a card's checklists (each returns new arrays and
 * leaves its input alone): what the drawer shows before the server answers. Plus the progress
 * counts the drawer and the card face show, and the move request a reorder sends.
 */
import type { Checklist, ChecklistItem, ItemMove } from './api';

export type Progress = { done: number; total: number };

const PENDING = 'pending-';
let counter = 0;

/** An id for something the server has not confirmed yet (it has none of its own). */
export function pendingId(): string {
	counter += 1;
	return `${PENDING}${counter}`;
}

export function isPending(id: string): boolean {
	return id.startsWith(PENDING);
}

export function progressOf(checklists: readonly Pick<Checklist, 'items'>[]): Progress {
	let done = 0;
	let total = 0;
	for (const checklist of checklists) {
		total += checklist.items.length;
		for (const item of checklist.items) if (item.done) done += 1;
	}
	return { done, total };
}

/** "2/5" */
export function progressLabel(progress: Progress): string {
	return `${progress.done}/${progress.total}`;
}

/** Whole percent, 0 for an empty list. */
export function progressPercent(progress: Progress): number {
	return progress.total === 0 ? 0 : Math.round((progress.done / progress.total) * 100);
}

function mapList(lists: readonly Checklist[], listId: string, change: (list: Checklist) => Checklist): Checklist[] {
	return lists.map((list) => (list.id === listId ? change(list) : list));
}

function mapItem(lists: readonly Checklist[], listId: string, itemId: string, change: (item: ChecklistItem) => ChecklistItem): Checklist[] {
	return mapList(lists, listId, (list) => ({ ...list, items: list.items.map((item) => (item.id === itemId ? change(item) : item)) }));
}

export function withChecklist(lists: readonly Checklist[], checklist: Checklist): Checklist[] {
	return [...lists, checklist];
}

export function withoutChecklist(lists: readonly Checklist[], listId: string): Checklist[] {
	return lists.filter((list) => list.id !== listId);
}

export function withTitle(lists: readonly Checklist[], listId: string, title: string): Checklist[] {
	return mapList(lists, listId, (list) => ({ ...list, title }));
}

export function withItem(lists: readonly Checklist[], listId: string, item: ChecklistItem): Checklist[] {
	return mapList(lists, listId, (list) => ({ ...list, items: [...list.items, item] }));
}

export function withoutItem(lists: readonly Checklist[], listId: string, itemId: string): Checklist[] {
	return mapList(lists, listId, (list) => ({ ...list, items: list.items.filter((item) => item.id !== itemId) }));
}

export function withItemChange(
	lists: readonly Checklist[],
	listId: string,
	itemId: string,
	change: Partial<Pick<ChecklistItem, 'text' | 'done'>>
): Checklist[] {
	return mapItem(lists, listId, itemId, (item) => ({ ...item, ...change }));
}

/** The item taken out and put back at `index` (among all the items, once moved; clamped). */
export function withItemAt(lists: readonly Checklist[], listId: string, itemId: string, index: number): Checklist[] {
	return mapList(lists, listId, (list) => {
		const moving = list.items.find((item) => item.id === itemId);
		if (!moving) return list;
		const others = list.items.filter((item) => item.id !== itemId);
		const at = Math.max(0, Math.min(index, others.length));
		return { ...list, items: [...others.slice(0, at), moving, ...others.slice(at)] };
	});
}

/**
 * What to send to put `itemId` at `index`: before the item that will follow it, or after the one
 * before it at the end; null when it is there already (or not in the list).
 */
export function moveRequest(items: readonly Pick<ChecklistItem, 'id'>[], itemId: string, index: number): ItemMove | null {
	const from = items.findIndex((item) => item.id === itemId);
	if (from < 0) return null;
	const others = items.filter((item) => item.id !== itemId);
	const at = Math.max(0, Math.min(index, others.length));
	if (at === from) return null;
	if (at < others.length) return { before_item_id: others[at].id };
	return others.length > 0 ? { after_item_id: others[others.length - 1].id } : null;
}

/** Where a dragged item lands: after every other item whose middle is above the pointer. */
export function dropIndexAt(middles: readonly number[], pointerY: number): number {
	return middles.filter((middle) => middle < pointerY).length;
}
