import type { ApiResult } from '$lib/api/result';
import type { Board, Card, Column } from '$lib/api/types';
import { statusOf, type LoadStatus } from '$lib/ui/load-status';
import { boardApi, type BoardApi } from './api';

/** A card on screen; `pending` marks an optimistic card the server has not confirmed yet. */
export type BoardCard = Card & { pending?: boolean };
export type BoardColumn = Omit<Column, 'cards'> & { cards: BoardCard[] };
export type BoardView = Omit<Board, 'columns'> & { columns: BoardColumn[] };

let tempCounter = 0;

/** A card with nothing set but its title (and, from a live document, its description). */
export function bareCard(boardId: string, columnId: string, id: string, title: string, description = ''): BoardCard {
	return {
		id,
		board_id: boardId,
		column_id: columnId,
		parent_id: null,
		title,
		description,
		labels: [],
		assignee_ids: [],
		due: null,
		due_done: false,
		archived: false,
		checklists: [],
		comment_count: 0
	};
}

function optimisticCard(boardId: string, columnId: string, title: string): BoardCard {
	tempCounter += 1;
	return { ...bareCard(boardId, columnId, `pending-${tempCounter}`, title), pending: true };
}

/** One board with its columns and cards; card writes show at once and roll back on refusal. */
export class BoardState {
	board = $state<BoardView | null>(null);
	status = $state<LoadStatus>('loading');
	message = $state('');
	/** Counts the loads from the server (what follows the board's live document redoes its
	 * work after each). */
	loads = $state(0);
	readonly #api: BoardApi;

	constructor(api: BoardApi = boardApi) {
		this.#api = api;
	}

	async load(boardId: string): Promise<void> {
		if (this.board?.id !== boardId) {
			this.board = null;
			this.status = 'loading';
		}
		const result = await this.#api.getBoard(boardId);
		if (result.ok) {
			this.board = result.data;
			this.status = 'ready';
			this.loads += 1;
		} else if (this.board?.id !== boardId) {
			// A reload that fails (offline, say) leaves the board that is shown as it is.
			this.status = statusOf(result);
			this.message = result.message;
		}
	}

	column(columnId: string): BoardColumn | undefined {
		return this.board?.columns.find((column) => column.id === columnId);
	}

	card(cardId: string): BoardCard | undefined {
		for (const column of this.board?.columns ?? []) {
			const card = column.cards.find((candidate) => candidate.id === cardId);
			if (card) return card;
		}
		return undefined;
	}

	/** Swap in the server's copy of a card, wherever it sits on the board. */
	replaceCard(saved: Card): void {
		for (const column of this.board?.columns ?? []) {
			const index = column.cards.findIndex((card) => card.id === saved.id);
			if (index >= 0) column.cards[index] = saved;
		}
	}

	/** Each column's cards as given, the columns themselves left as they are (others may hold
	 * them: a column being renamed, say). */
	showCards(cards: Map<string, BoardCard[]>): void {
		for (const column of this.board?.columns ?? []) {
			const shown = cards.get(column.id);
			if (shown && (shown.length !== column.cards.length || shown.some((card, index) => card !== column.cards[index]))) {
				column.cards = shown;
			}
		}
	}

	/** Take a card off the board (it went to another board). */
	removeCard(cardId: string): void {
		for (const column of this.board?.columns ?? []) {
			if (column.cards.some((card) => card.id === cardId)) column.cards = column.cards.filter((card) => card.id !== cardId);
		}
	}

	/** Show the card now, then swap in the server's card, or take it back out on failure. */
	async addCard(columnId: string, title: string, overrideWip = false): Promise<ApiResult<Card>> {
		const board = this.board;
		if (!board || !this.column(columnId)) throw new Error(`no column ${columnId} on this board`);
		const placeholder = optimisticCard(board.id, columnId, title);
		this.column(columnId)?.cards.push(placeholder);
		const result = await this.#api.createCard(board.id, columnId, title, overrideWip);
		this.#settle(columnId, placeholder.id, result.ok ? result.data : null);
		return result;
	}

	#settle(columnId: string, placeholderId: string, saved: Card | null): void {
		const column = this.column(columnId);
		if (!column) return;
		if (saved && this.card(saved.id)) {
			// The live document brought the card before the server's answer did.
			column.cards = column.cards.filter((card) => card.id !== placeholderId);
			this.replaceCard(saved);
			return;
		}
		column.cards = saved
			? column.cards.map((card) => (card.id === placeholderId ? saved : card))
			: column.cards.filter((card) => card.id !== placeholderId);
	}
}
