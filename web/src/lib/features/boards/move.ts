/**
 * Card moves as pure functions: where a drop lands, the board after it, and the API body that
 * asks the server for the same thing. The optimistic state change and its rollback use these.
 */
import type { CardMove } from '$lib/api/types';
import type { BoardCard, BoardColumn, BoardView } from './board.svelte';

/** Put `cardId` into `columnId` at `index`, counted among that column's other cards. */
export type Drop = { cardId: string; columnId: string; index: number };
export type Place = { columnId: string; index: number };
export type MoveKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

export type MovePlan = { board: BoardView; body: CardMove; from: Place };

export function locate(board: BoardView, cardId: string): Place | null {
	for (const column of board.columns) {
		const index = column.cards.findIndex((card) => card.id === cardId);
		if (index >= 0) return { columnId: column.id, index };
	}
	return null;
}

/** How many cards the pointer is below: the drop index from the cards' vertical midpoints. */
export function dropIndex(midpoints: number[], pointerY: number): number {
	return midpoints.filter((middle) => pointerY > middle).length;
}

function othersIn(column: BoardColumn, cardId: string): BoardCard[] {
	return column.cards.filter((card) => card.id !== cardId);
}

function clampIndex(index: number, length: number): number {
	return Math.max(0, Math.min(index, length));
}

/** Anchor on a neighbour the server knows (not a pending card); no anchor means "at the end". */
export function moveBody(column: BoardColumn, drop: Drop): CardMove {
	const others = othersIn(column, drop.cardId);
	const index = clampIndex(drop.index, others.length);
	const before = others.slice(0, index).filter((card) => !card.pending);
	const after = others.slice(index).filter((card) => !card.pending);
	if (index < others.length && before.length === 0 && after.length > 0) {
		return { column_id: column.id, before_card_id: after[0].id };
	}
	if (before.length > 0) return { column_id: column.id, after_card_id: before[before.length - 1].id };
	return { column_id: column.id };
}

/** The board with the card taken out of its column and put in at the drop (a new object). */
export function applyMove(board: BoardView, drop: Drop): BoardView {
	const from = locate(board, drop.cardId);
	if (!from) return board;
	const card = board.columns.find((column) => column.id === from.columnId)!.cards[from.index];
	const moved: BoardCard = { ...card, column_id: drop.columnId };
	const columns = board.columns.map((column) => {
		const others = othersIn(column, drop.cardId);
		if (column.id !== drop.columnId) return column.id === from.columnId ? { ...column, cards: others } : column;
		const index = clampIndex(drop.index, others.length);
		return { ...column, cards: [...others.slice(0, index), moved, ...others.slice(index)] };
	});
	return { ...board, columns };
}

/** Everything an optimistic move needs, or null when the drop changes nothing or makes no sense. */
export function planMove(board: BoardView, drop: Drop): MovePlan | null {
	const from = locate(board, drop.cardId);
	const column = board.columns.find((candidate) => candidate.id === drop.columnId);
	if (!from || !column) return null;
	const card = board.columns.find((candidate) => candidate.id === from.columnId)!.cards[from.index];
	if (card.pending) return null;
	const index = clampIndex(drop.index, othersIn(column, drop.cardId).length);
	if (from.columnId === drop.columnId && from.index === index) return null;
	const settled = { ...drop, index };
	return { board: applyMove(board, settled), body: moveBody(column, settled), from };
}

/** Alt+Left/Right: end of the previous/next column; Alt+Up/Down: one step within the column. */
export function keyboardDrop(board: BoardView, cardId: string, key: MoveKey): Drop | null {
	const from = locate(board, cardId);
	if (!from) return null;
	const columnIndex = board.columns.findIndex((column) => column.id === from.columnId);
	if (key === 'ArrowUp' || key === 'ArrowDown') {
		const index = from.index + (key === 'ArrowUp' ? -1 : 1);
		const length = board.columns[columnIndex].cards.length;
		return index < 0 || index >= length ? null : { cardId, columnId: from.columnId, index };
	}
	const target = board.columns[columnIndex + (key === 'ArrowLeft' ? -1 : 1)];
	return target ? { cardId, columnId: target.id, index: othersIn(target, cardId).length } : null;
}

/** The sentence a screen reader hears after a move lands on screen. */
export function describeMove(board: BoardView, cardId: string): string {
	const place = locate(board, cardId);
	if (!place) return '';
	const column = board.columns.find((candidate) => candidate.id === place.columnId)!;
	const title = column.cards[place.index].title;
	return `Moved “${title}” to ${column.name}, position ${place.index + 1} of ${column.cards.length}.`;
}
