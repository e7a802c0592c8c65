import type { ApiResult } from '$lib/api/result';
import type { Board, Card, Column } from '$lib/api/types';
import { statusOf, type LoadStatus } from '$lib/ui/load-status';
import { boardApi, type BoardApi } from './api';

/** A card on screen; `pending` marks an optimistic card the server has not confirmed yet. */
export type BoardCard = Card & { pending?: boolean };
export type BoardColumn = Omit<Column, 'cards'> & { cards: BoardCard[] };
export type BoardView = Omit<Board, 'columns'> & { columns: BoardColumn[] };

let tempCounter = 0;

function optimisticCard(columnId: string, title: string): BoardCard {
	tempCounter += 1;
	return {
		id: `pending-${tempCounter}`,
		column_id: columnId,
		title,
		description: '',
		labels: [],
		assignee_ids: [],
		due: null,
		archived: false,
		pending: true
	};
}

/** One board with its columns and cards; card writes show at once and roll back on refusal. */
export class BoardState {
	board = $state<BoardView | null>(null);
	status = $state<LoadStatus>('loading');
	message = $state('');
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
		} else {
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

	/** Show the card now, then swap in the server's card, or take it back out on failure. */
	async addCard(columnId: string, title: string): Promise<ApiResult<Card>> {
		const board = this.board;
		if (!board || !this.column(columnId)) throw new Error(`no column ${columnId} on this board`);
		const placeholder = optimisticCard(columnId, title);
		this.column(columnId)?.cards.push(placeholder);
		const result = await this.#api.createCard(board.id, columnId, title);
		this.#settle(columnId, placeholder.id, result.ok ? result.data : null);
		return result;
	}

	#settle(columnId: string, placeholderId: string, saved: Card | null): void {
		const column = this.column(columnId);
		if (!column) return;
		column.cards = saved
			? column.cards.map((card) => (card.id === placeholderId ? saved : card))
			: column.cards.filter((card) => card.id !== placeholderId);
	}
}

/** "3 / 5" when the column has a WIP limit, else just the count. */
export function wipLabel(column: Pick<Column, 'wip_limit'> & { cards: unknown[] }): string {
	const count = column.cards.length;
	return column.wip_limit == null ? `${count}` : `${count} / ${column.wip_limit}`;
}

export function isAtLimit(column: Pick<Column, 'wip_limit'> & { cards: unknown[] }): boolean {
	return column.wip_limit != null && column.cards.length >= column.wip_limit;
}
