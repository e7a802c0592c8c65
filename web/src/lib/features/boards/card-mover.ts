import type { ApiResult } from '$lib/api/result';
import type { Card } from '$lib/api/types';
import type { BoardState } from './board.svelte';
import { moveCard } from './card-api';
import { applyMove, planMove, type Drop } from './move';

export type MoveApi = { moveCard: typeof moveCard };

/**
 * Moves cards on a BoardState optimistically: the card jumps at once; a refusal moves it back
 * to where it was. A second move of a card waits for its first to settle (quick key presses).
 */
export class CardMover {
	readonly #state: BoardState;
	readonly #api: MoveApi;
	readonly #inFlight = new Map<string, Promise<ApiResult<Card> | null>>();

	constructor(state: BoardState, api: MoveApi = { moveCard }) {
		this.#state = state;
		this.#api = api;
	}

	/** Null when nothing moved (a no-op drop). `overrideWip`: exceed a full column's limit. */
	async move(drop: Drop, overrideWip = false): Promise<ApiResult<Card> | null> {
		const previous = this.#inFlight.get(drop.cardId);
		const current = previous ? previous.then(() => this.#moveNow(drop, overrideWip)) : this.#moveNow(drop, overrideWip);
		this.#inFlight.set(drop.cardId, current);
		const result = await current;
		if (this.#inFlight.get(drop.cardId) === current) this.#inFlight.delete(drop.cardId);
		return result;
	}

	async #moveNow(drop: Drop, overrideWip: boolean): Promise<ApiResult<Card> | null> {
		const board = this.#state.board;
		const plan = board && planMove(board, drop);
		if (!plan) return null;
		this.#state.board = plan.board;
		const body = overrideWip ? { ...plan.body, override_wip: true } : plan.body;
		const result = await this.#api.moveCard(drop.cardId, body);
		if (result.ok) this.#state.replaceCard(result.data);
		else this.#rollBack(drop.cardId, plan.from.columnId, plan.from.index);
		return result;
	}

	#rollBack(cardId: string, columnId: string, index: number): void {
		const board = this.#state.board;
		if (board) this.#state.board = applyMove(board, { cardId, columnId, index });
	}
}
