/**
 * Pure pieces of the virtualised card list (VirtualCardList.svelte): only a window of a column's
 * cards is in the DOM, so drop indexes and keyboard-move focus cannot just look at the DOM.
 */

/** A card's guessed height before it is measured (title + one label row), and the list gap. */
export const CARD_ESTIMATE_PX = 74;
export const CARD_GAP_PX = 8; // Tailwind gap-2 on the list
/** Cards rendered beyond each edge of the visible window. */
export const OVERSCAN = 6;

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
