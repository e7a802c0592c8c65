/**
 * Pure pieces of the virtualised card list (VirtualCardList.svelte): only a window of a column's
 * cards is in the DOM, so drop indexes and keyboard-move focus cannot just look at the DOM.
 */
import type { BoardCard } from './board.svelte';

/** A card's guessed height before it is measured (title + one label row), and the list gap. */
export const CARD_ESTIMATE_PX = 74;
export const CARD_GAP_PX = 8; // Tailwind gap-2 on the list
/** Space above the first card and below the last, inside the scroller: no card or focus ring is clipped. */
export const LIST_PAD_START_PX = 4;
export const LIST_PAD_END_PX = 12;
/** Cards rendered beyond each edge of the visible window. */
export const OVERSCAN = 6;

/** The card fields that decide how tall it is on screen. */
export type ShapeFields = Pick<BoardCard, 'title' | 'labels' | 'assignee_ids' | 'due' | 'description' | 'archived'> & {
	checklists?: readonly unknown[];
	comment_count?: number;
};

/**
 * A card's "shape": cards of one shape are (nearly always) equally tall — the same number of
 * title lines, label rows, assignee rows and badge row. Rough character counts stand in for
 * wrapping; a wrong guess only costs one re-measure.
 */
export function cardShape(card: ShapeFields): string {
	const titleLines = Math.ceil(card.title.length / 30);
	const labelRows = Math.ceil(card.labels.reduce((sum, label) => sum + label.length + 4, 0) / 32);
	const assigneeRows = Math.ceil(card.assignee_ids.length / 8);
	const badges =
		card.due !== null || (card.checklists?.length ?? 0) > 0 || (card.comment_count ?? 0) > 0 || card.description.trim() !== '';
	return `${titleLines}.${labelRows}.${assigneeRows}.${badges ? 1 : 0}.${card.archived ? 1 : 0}`;
}

/**
 * Card heights learned by shape: once one card of a shape is measured, the others of that shape
 * are estimated exactly, so scrolling a long column measures no surprises (each surprise makes
 * the virtualizer recompute every position below it).
 */
export class ShapeHeights {
	readonly #heights = new Map<string, number>();

	estimate(shape: string | undefined): number {
		return (shape !== undefined && this.#heights.get(shape)) || CARD_ESTIMATE_PX;
	}

	learn(shape: string | undefined, height: number): void {
		if (shape !== undefined && height > 0) this.#heights.set(shape, height);
	}
}

/** A rendered card: its index in the column's full list and its vertical midpoint on screen. */
export type RenderedCard = { index: number; middle: number };

/**
 * Where a dropped card lands, counted among the column's other cards (as `Drop.index` is), when
 * only `rendered` (a contiguous window, in any order) is on screen.
 *
 * `draggedIndex` is the dragged card's index in this column, or -1 when it comes from another
 * column. Above the scroll viewport means the top of the column, below it the end (the header
 * and the add-card form, as in an unvirtualised column).
 */
export function windowedDropIndex(
	rendered: readonly RenderedCard[],
	draggedIndex: number,
	total: number,
	pointerY: number,
	viewport: { top: number; bottom: number }
): number {
	const others = draggedIndex >= 0 ? total - 1 : total;
	if (pointerY < viewport.top) return 0;
	if (pointerY > viewport.bottom) return others;
	const among = (index: number): number => (draggedIndex >= 0 && draggedIndex < index ? index - 1 : index);
	const window = rendered.filter((card) => card.index !== draggedIndex).sort((a, b) => a.index - b.index);
	if (window.length === 0) return 0;
	let above = -1;
	for (const card of window) if (pointerY > card.middle) above = card.index;
	return Math.min(above >= 0 ? among(above) + 1 : among(window[0].index), others);
}

/** A rendered card's box on screen, for drawing where a dragged card will land. */
export type RenderedBox = RenderedCard & { top: number; bottom: number };

/**
 * The screen y of the drop indicator for a drop at `index` (counted among the other cards):
 * half a gap above the card it lands before, else half a gap below the card it lands after.
 * Null when neither neighbour is rendered (the caller puts it at the top of an empty list).
 */
export function dropLineY(rendered: readonly RenderedBox[], draggedIndex: number, index: number, gap = CARD_GAP_PX): number | null {
	const among = (full: number): number => (draggedIndex >= 0 && draggedIndex < full ? full - 1 : full);
	const others = rendered.filter((card) => card.index !== draggedIndex);
	const next = others.find((card) => among(card.index) === index);
	if (next) return next.top - gap / 2;
	const previous = others.find((card) => among(card.index) === index - 1);
	return previous ? previous.bottom + gap / 2 : null;
}

const KEY_MOVE_TTL_MS = 5000;
let keyMoved: { cardId: string; at: number } | null = null;

/** A card is being moved with the keyboard: the column it lands in scrolls it into view. */
export function noteKeyMove(cardId: string, now = Date.now()): void {
	keyMoved = { cardId, at: now };
}

/** The index of the key-moved card in `keys` (and forget it), or -1 when it is not there. */
export function takeKeyMove(keys: readonly string[], now = Date.now()): number {
	if (!keyMoved) return -1;
	if (now - keyMoved.at > KEY_MOVE_TTL_MS) {
		keyMoved = null;
		return -1;
	}
	const index = keys.indexOf(keyMoved.cardId);
	if (index >= 0) keyMoved = null;
	return index;
}
