/**
 * Client-side card filtering as pure functions. The board state is never touched: the board view
 * derives a filtered copy and hands its columns to the columns it renders.
 */
import type { BoardCard, BoardColumn, BoardView } from './board.svelte';
import { dueState, type DueFields } from '$lib/features/cards/due';
import type { Drop } from './move';

/** `overdue`, `soon` (due in the next days, not done) and `none` (no due date); '' is any. */
export type DueFilter = '' | 'overdue' | 'soon' | 'none';
export const DUE_FILTERS: readonly Exclude<DueFilter, ''>[] = ['overdue', 'soon', 'none'];

/** The assignee filter's value for "nobody assigned". */
export const UNASSIGNED = 'none';

/**
 * `labels`: a card with any of them matches (none chosen: every card); `assignee`: a member's
 * user id, UNASSIGNED, or '' for anyone; `query`: words the title or description must hold.
 */
export type CardFilter = { query: string; labels: string[]; assignee: string; due: DueFilter };

export const NO_FILTER: CardFilter = { query: '', labels: [], assignee: '', due: '' };

/** Lower-cased words (letters and digits); punctuation and spaces split them. */
export function wordsOf(text: string): string[] {
	return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

export function isFilterActive(filter: CardFilter): boolean {
	return wordsOf(filter.query).length > 0 || activeFilterCount(filter) > 0;
}

/** How many of the filters besides the search are on (the phone's "Filters" badge). */
export function activeFilterCount(filter: CardFilter): number {
	return filter.labels.length + (filter.assignee ? 1 : 0) + (filter.due ? 1 : 0);
}

type FilterableCard = Pick<BoardCard, 'title' | 'description' | 'labels' | 'assignee_ids'> & DueFields;

/** Where the card is, for the due filter: a card in a "done" column is never overdue. */
export type CardPlace = { columnDone?: boolean; now?: Date };

function matchesDue(card: FilterableCard, due: DueFilter, place: CardPlace): boolean {
	if (!due) return true;
	const state = dueState(card, place);
	return due === 'none' ? state === 'none' : state === due;
}

function matchesAssignee(card: FilterableCard, assignee: string): boolean {
	if (!assignee) return true;
	return assignee === UNASSIGNED ? card.assignee_ids.length === 0 : card.assignee_ids.includes(assignee);
}

/**
 * A card matches when it carries any chosen label, has the chosen assignee, fits the due filter,
 * and every query word is the start of some word in its title or description, ignoring case.
 */
export function cardMatches(card: FilterableCard, filter: CardFilter, place: CardPlace = {}): boolean {
	if (filter.labels.length > 0 && !filter.labels.some((label) => card.labels.includes(label))) return false;
	if (!matchesAssignee(card, filter.assignee) || !matchesDue(card, filter.due, place)) return false;
	const wanted = wordsOf(filter.query);
	if (wanted.length === 0) return true;
	const words = wordsOf(`${card.title} ${card.description}`);
	return wanted.every((prefix) => words.some((word) => word.startsWith(prefix)));
}

/**
 * The board with only the matching cards (new board and column objects; the cards are the
 * originals). `keep` lets the caller show cards regardless, e.g. ones just added.
 * With no active filter the board itself comes back.
 */
export function filterBoard(
	board: BoardView,
	filter: CardFilter,
	keep: (card: BoardCard) => boolean = () => false,
	now: Date = new Date()
): BoardView {
	if (!isFilterActive(filter)) return board;
	const columns: BoardColumn[] = board.columns.map((column) => {
		const place = { columnDone: isDoneColumn(column), now };
		return { ...column, cards: column.cards.filter((card) => keep(card) || cardMatches(card, filter, place)) };
	});
	return { ...board, columns };
}

/** A column marked "done": its cards are never overdue. */
export function isDoneColumn(column: { done?: boolean }): boolean {
	return column.done === true;
}

export function countCards(board: Pick<BoardView, 'columns'>): number {
	return board.columns.reduce((total, column) => total + column.cards.length, 0);
}

/** Every label used on the board's cards, sorted, without repeats. */
export function boardLabels(board: Pick<BoardView, 'columns'>): string[] {
	const labels = new Set<string>();
	for (const column of board.columns) for (const card of column.cards) for (const label of card.labels) labels.add(label);
	return [...labels].sort((a, b) => a.localeCompare(b));
}

/**
 * A drop made on the filtered view (its index counts the *visible* other cards) as a drop on the
 * full board: before the visible card it landed above, else right after the last visible card,
 * else (an empty-looking column) at the end.
 */
export function toFullDrop(full: BoardView, visible: BoardView, drop: Drop): Drop {
	if (full === visible) return drop;
	const fullColumn = full.columns.find((column) => column.id === drop.columnId);
	const shownColumn = visible.columns.find((column) => column.id === drop.columnId);
	if (!fullColumn || !shownColumn) return drop;
	const fullOthers = fullColumn.cards.filter((card) => card.id !== drop.cardId).map((card) => card.id);
	const shownOthers = shownColumn.cards.filter((card) => card.id !== drop.cardId).map((card) => card.id);
	const index = Math.max(0, drop.index);
	if (index < shownOthers.length) {
		const before = fullOthers.indexOf(shownOthers[index]);
		if (before >= 0) return { ...drop, index: before };
	}
	const last = shownOthers.length > 0 ? fullOthers.indexOf(shownOthers[shownOthers.length - 1]) : -1;
	return { ...drop, index: last >= 0 ? last + 1 : fullOthers.length };
}
