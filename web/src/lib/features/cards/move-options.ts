/**
 * "Move to…": the choices (board, column, position) as plain options a <select> shows, and the
 * move request they add up to. Works on any board of the project, this one or another.
 */
import type { CardMove } from '$lib/api/types';

export type MoveCard = { id: string; title: string; pending?: boolean; archived?: boolean };
export type MoveColumn = { id: string; name: string; wip_limit: number | null; cards: MoveCard[] };
export type MoveBoard = { id: string; columns: MoveColumn[] };

export type Option = { value: string; label: string };

/** `top`, `bottom`, or `after:<card id>`. */
export type Position = string;
export const TOP: Position = 'top';
export const BOTTOM: Position = 'bottom';

/** The cards a moving card lands among: the column's others on show that the server knows. */
function others(column: MoveColumn, cardId: string): MoveCard[] {
	return column.cards.filter((card) => card.id !== cardId && !card.pending && !card.archived);
}

/** "In progress (3/4)" when the column has a WIP limit (counting the card only if it is elsewhere). */
export function columnOptions(board: MoveBoard, cardId: string, currentColumnId: string | null): Option[] {
	return board.columns.map((column) => {
		const count = others(column, cardId).length + (column.id === currentColumnId ? 1 : 0);
		const limit = column.wip_limit == null ? '' : ` (${count}/${column.wip_limit})`;
		const current = column.id === currentColumnId ? ' — current' : '';
		return { value: column.id, label: `${column.name}${limit}${current}` };
	});
}

export function positionOptions(column: MoveColumn, cardId: string): Option[] {
	const after = others(column, cardId).map((card) => ({ value: `after:${card.id}`, label: `After “${card.title}”` }));
	return [{ value: TOP, label: 'Top' }, { value: BOTTOM, label: 'Bottom' }, ...after];
}

/** The request for a move of `cardId` into `column` at `position` (a gone anchor: the end). */
export function moveRequest(column: MoveColumn, cardId: string, position: Position, overrideWip = false): CardMove {
	const rest = others(column, cardId);
	const body: CardMove = { column_id: column.id };
	const anchor = position.startsWith('after:') ? rest.find((card) => `after:${card.id}` === position) : undefined;
	if (position === TOP && rest.length > 0) body.before_card_id = rest[0].id;
	else if (anchor) body.after_card_id = anchor.id;
	else if (rest.length > 0) body.after_card_id = rest[rest.length - 1].id;
	if (overrideWip) body.override_wip = true;
	return body;
}

/** A move that would leave the card where it is. */
export function isSamePlace(column: MoveColumn, cardId: string, position: Position): boolean {
	const index = column.cards.findIndex((card) => card.id === cardId);
	if (index < 0) return false;
	const rest = others(column, cardId);
	const before = column.cards.slice(0, index).filter((card) => !card.pending);
	if (position === TOP) return before.length === 0;
	if (position === BOTTOM) return before.length === rest.length;
	return before.length > 0 && position === `after:${before[before.length - 1].id}`;
}

/** Where the card sits now, as a Position (the default choice when it stays in its column). */
export function currentPosition(column: MoveColumn, cardId: string): Position {
	const index = column.cards.findIndex((card) => card.id === cardId);
	const before = column.cards.slice(0, Math.max(index, 0)).filter((card) => !card.pending);
	return before.length === 0 ? TOP : `after:${before[before.length - 1].id}`;
}
