/** Native HTML5 drag and drop glue: a card carries its id; a column turns the pointer into a Drop. */
import type { MoveKey } from './move';

const CARD_TYPE = 'application/x-projectflow-card';

export function startCardDrag(event: DragEvent, cardId: string): void {
	if (!event.dataTransfer) return;
	event.dataTransfer.setData(CARD_TYPE, cardId);
	event.dataTransfer.effectAllowed = 'move';
}

/** True (and the drop allowed) when a card is dragged over; other drags are left alone. */
export function acceptCardDrag(event: DragEvent): boolean {
	if (!event.dataTransfer?.types.includes(CARD_TYPE)) return false;
	event.preventDefault();
	event.dataTransfer.dropEffect = 'move';
	return true;
}

/** The id of the card dropped by `event` (and the drop taken), or null for other drops. */
export function droppedCardId(event: DragEvent): string | null {
	const cardId = event.dataTransfer?.getData(CARD_TYPE);
	if (!cardId) return null;
	event.preventDefault();
	return cardId;
}

/** Alt+Arrow on a focused card, as a move key; anything else is null. */
export function moveKeyOf(event: KeyboardEvent): MoveKey | null {
	if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
	const keys: string[] = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'];
	return keys.includes(event.key) ? (event.key as MoveKey) : null;
}

/** Column drags carry their own type, so card drop zones ignore them and vice versa. */
const COLUMN_TYPE = 'application/x-projectflow-column';

export function startColumnDrag(event: DragEvent, columnId: string): void {
	if (!event.dataTransfer) return;
	event.dataTransfer.setData(COLUMN_TYPE, columnId);
	event.dataTransfer.effectAllowed = 'move';
}

/** True (and the drop allowed) when a column is dragged over; other drags are left alone. */
export function acceptColumnDrag(event: DragEvent): boolean {
	if (!event.dataTransfer?.types.includes(COLUMN_TYPE)) return false;
	event.preventDefault();
	event.dataTransfer.dropEffect = 'move';
	return true;
}

/** The dragged column's id and which half of `target` the pointer is over; null for other drags. */
export function columnDrop(event: DragEvent, target: HTMLElement): { columnId: string; side: 'before' | 'after' } | null {
	const columnId = event.dataTransfer?.getData(COLUMN_TYPE);
	if (!columnId) return null;
	event.preventDefault();
	const box = target.getBoundingClientRect();
	return { columnId, side: event.clientX < box.left + box.width / 2 ? 'before' : 'after' };
}

/** Alt+Shift+Left/Right on a focused column header; anything else is null. */
export function columnMoveKeyOf(event: KeyboardEvent): 'ArrowLeft' | 'ArrowRight' | null {
	if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return null;
	return event.key === 'ArrowLeft' || event.key === 'ArrowRight' ? event.key : null;
}
