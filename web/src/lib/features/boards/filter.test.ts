import { describe, expect, it } from 'vitest';
import type { BoardCard, BoardView } from './board.svelte';
import {
	activeFilterCount,
	boardLabels,
	cardMatches,
	countCards,
	filterBoard,
	isFilterActive,
	NO_FILTER,
	toFullDrop,
	UNASSIGNED,
	wordsOf,
	type CardFilter
} from './filter';
import { applyMove } from './move';

function card(id: string, title: string, description = '', labels: string[] = []): BoardCard {
	return { id, column_id: null, parent_id: null, title, description, labels, assignee_ids: [], due: null, archived: false, board_id: 'b1', due_done: false, checklists: [], comment_count: 0 };
}

function boardFixture(): BoardView {
	return {
		id: 'b1',
		name: 'Sprint',
		project_id: 'p1',
		columns: [
			{
				id: 'todo',
				name: 'To do',
				wip_limit: null,
				done: false,
				cards: [
					card('a', 'Fix login bug', 'Users see a 500 on sign-in', ['bug']),
					card('b', 'Write docs', 'README for the API', ['docs']),
					card('c', 'Refactor board', 'Split BoardView', ['tech-debt', 'bug'])
				]
			},
			{ id: 'done', name: 'Done', wip_limit: 3, done: false, cards: [card('d', 'Release 1.0', '', ['docs'])] }
		]
	};
}

const query = (text: string): CardFilter => ({ ...NO_FILTER, query: text });
const labelled = (...labels: string[]): CardFilter => ({ ...NO_FILTER, labels });

describe('wordsOf', () => {
	it('lower-cases and splits on anything but letters and digits', () => {
		expect(wordsOf('  Fix the LOGIN-bug (v2.0)! ')).toEqual(['fix', 'the', 'login', 'bug', 'v2', '0']);
		expect(wordsOf('Café über')).toEqual(['café', 'über']);
		expect(wordsOf('   ')).toEqual([]);
	});
});

describe('cardMatches', () => {
	const login = card('a', 'Fix login bug', 'Users see a 500 on sign-in', ['bug']);

	it('matches every card when nothing is typed', () => {
		expect(cardMatches(login, NO_FILTER)).toBe(true);
		expect(cardMatches(login, query('  '))).toBe(true);
	});

	it('matches word prefixes in the title and the description, ignoring case', () => {
		expect(cardMatches(login, query('LOG'))).toBe(true);
		expect(cardMatches(login, query('use'))).toBe(true);
		expect(cardMatches(login, query('sign'))).toBe(true);
	});

	it('does not match the middle of a word', () => {
		expect(cardMatches(login, query('ogin'))).toBe(false);
		expect(cardMatches(login, query('ug'))).toBe(false);
	});

	it('needs every query word, each anywhere in the card', () => {
		expect(cardMatches(login, query('bug fix'))).toBe(true);
		expect(cardMatches(login, query('fix users'))).toBe(true);
		expect(cardMatches(login, query('fix docs'))).toBe(false);
	});

	it('filters by exact label, together with the query', () => {
		expect(cardMatches(login, labelled('bug'))).toBe(true);
		expect(cardMatches(login, labelled('bu'))).toBe(false);
		expect(cardMatches(login, { ...labelled('docs'), query: 'fix' })).toBe(false);
		expect(cardMatches(login, { ...labelled('bug'), query: 'fix' })).toBe(true);
	});
});

describe('filterBoard', () => {
	it('hands back the same board when no filter is on', () => {
		const board = boardFixture();
		expect(isFilterActive(NO_FILTER)).toBe(false);
		expect(isFilterActive(query(' - '))).toBe(false);
		expect(filterBoard(board, query(' '))).toBe(board);
	});

	it('keeps every column, only the matching cards, and leaves the board alone', () => {
		const board = boardFixture();
		const before = structuredClone(board);
		const shown = filterBoard(board, labelled('docs'));
		expect(shown.columns.map((column) => column.cards.map((c) => c.id))).toEqual([['b'], ['d']]);
		expect(shown.columns.map((column) => column.wip_limit)).toEqual([null, 3]);
		expect(shown.columns[0].cards[0]).toBe(board.columns[0].cards[1]);
		expect(board).toEqual(before);
	});

	it('shows the cards `keep` asks for even when they do not match', () => {
		const shown = filterBoard(boardFixture(), query('release'), (c) => c.id === 'b');
		expect(shown.columns.map((column) => column.cards.map((c) => c.id))).toEqual([['b'], ['d']]);
	});

	it('counts cards and lists labels sorted without repeats', () => {
		const board = boardFixture();
		expect(countCards(board)).toBe(4);
		expect(countCards(filterBoard(board, query('bug')))).toBe(1);
		expect(boardLabels(board)).toEqual(['bug', 'docs', 'tech-debt']);
	});
});

describe('toFullDrop', () => {
	const ids = (board: BoardView, column: number) => board.columns[column].cards.map((c) => c.id);

	it('passes the drop through when nothing is filtered', () => {
		const board = boardFixture();
		const drop = { cardId: 'd', columnId: 'todo', index: 1 };
		expect(toFullDrop(board, board, drop)).toBe(drop);
	});

	it('lands before the visible card the drop was above', () => {
		const board = boardFixture();
		// Visible in To do: a, c (label bug). Drop d between them.
		const shown = filterBoard(board, labelled('bug'));
		const drop = toFullDrop(board, shown, { cardId: 'd', columnId: 'todo', index: 1 });
		expect(drop).toEqual({ cardId: 'd', columnId: 'todo', index: 2 });
		expect(ids(applyMove(board, drop), 0)).toEqual(['a', 'b', 'd', 'c']);
	});

	it('lands right after the last visible card when dropped at the bottom', () => {
		const board = boardFixture();
		const shown = filterBoard(board, query('fix'));
		const drop = toFullDrop(board, shown, { cardId: 'd', columnId: 'todo', index: 1 });
		expect(ids(applyMove(board, drop), 0)).toEqual(['a', 'd', 'b', 'c']);
	});

	it('moves one visible step within a column, skipping hidden cards', () => {
		const board = boardFixture();
		const shown = filterBoard(board, labelled('bug'));
		// Alt+Down on a: among the visible others (c) it goes to index 1.
		const drop = toFullDrop(board, shown, { cardId: 'a', columnId: 'todo', index: 1 });
		expect(ids(applyMove(board, drop), 0)).toEqual(['b', 'c', 'a']);
	});

	it('goes to the end of a column that shows no cards', () => {
		const board = boardFixture();
		const shown = filterBoard(board, query('fix'));
		const drop = toFullDrop(board, shown, { cardId: 'a', columnId: 'done', index: 0 });
		expect(drop.index).toBe(1);
		expect(ids(applyMove(board, drop), 1)).toEqual(['d', 'a']);
	});
});

describe('several filters', () => {
	const now = new Date(2026, 2, 10, 15, 0); // 10 March 2026, local time
	const base = card('x', 'Task');
	const due = (day: string | null, extra: Partial<BoardCard> = {}): BoardCard => ({
		...base,
		due: day && `${day}T00:00:00Z`,
		...extra
	});

	it('matches any of the chosen labels', () => {
		expect(cardMatches(card('a', 'A', '', ['bug']), labelled('docs', 'bug'))).toBe(true);
		expect(cardMatches(card('a', 'A', '', ['ops']), labelled('docs', 'bug'))).toBe(false);
		const shown = filterBoard(boardFixture(), labelled('tech-debt', 'docs'));
		expect(shown.columns.map((column) => column.cards.map((c) => c.id))).toEqual([['b', 'c'], ['d']]);
	});

	it('filters by assignee, or by nobody assigned', () => {
		const ada = { ...base, assignee_ids: ['u-ada'] };
		expect(cardMatches(ada, { ...NO_FILTER, assignee: 'u-ada' })).toBe(true);
		expect(cardMatches(ada, { ...NO_FILTER, assignee: 'u-bob' })).toBe(false);
		expect(cardMatches(ada, { ...NO_FILTER, assignee: UNASSIGNED })).toBe(false);
		expect(cardMatches(base, { ...NO_FILTER, assignee: UNASSIGNED })).toBe(true);
	});

	it('filters by due: overdue, due soon, no date', () => {
		const overdue = { ...NO_FILTER, due: 'overdue' as const };
		const soon = { ...NO_FILTER, due: 'soon' as const };
		const none = { ...NO_FILTER, due: 'none' as const };
		expect(cardMatches(due('2026-03-09'), overdue, { now })).toBe(true);
		expect(cardMatches(due('2026-03-10'), overdue, { now })).toBe(false); // today is not overdue
		// "Due soon" as the card's badge says it: due today or tomorrow.
		expect(cardMatches(due('2026-03-10'), soon, { now })).toBe(true);
		expect(cardMatches(due('2026-03-11'), soon, { now })).toBe(true);
		expect(cardMatches(due('2026-03-12'), soon, { now })).toBe(false);
		expect(cardMatches(due(null), none, { now })).toBe(true);
		expect(cardMatches(due('2026-03-12'), none, { now })).toBe(false);
	});

	it('never counts a completed due date or a card in a done column as overdue', () => {
		const overdue = { ...NO_FILTER, due: 'overdue' as const };
		expect(cardMatches(due('2026-03-01', { due_done: true } as Partial<BoardCard>), overdue, { now })).toBe(false);
		expect(cardMatches(due('2026-03-01'), overdue, { now, columnDone: true })).toBe(false);
	});

	it('counts the filters behind the phone button (not the search)', () => {
		expect(activeFilterCount(NO_FILTER)).toBe(0);
		expect(activeFilterCount({ query: 'x', labels: ['a', 'b'], assignee: 'u', due: 'soon' })).toBe(4);
		expect(isFilterActive({ ...NO_FILTER, due: 'none' })).toBe(true);
		expect(isFilterActive({ ...NO_FILTER, assignee: UNASSIGNED })).toBe(true);
	});
});
