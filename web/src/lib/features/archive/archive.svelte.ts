import type { ApiResult } from '$lib/api/result';
import type { Card } from '$lib/api/types';
import { withWipOverride, type WipConflict } from '$lib/features/boards/wip';
import { statusOf, type LoadStatus } from '$lib/ui/load-status';
import { deleteCard, listArchivedCards, restoreCard } from './api';

/** The API calls the archive panel makes (tests hand in their own). */
export type ArchiveApi = {
	listArchivedCards: (boardId: string, query: string) => Promise<ApiResult<Card[]>>;
	restoreCard: (cardId: string, overrideWip: boolean) => Promise<ApiResult<Card>>;
	deleteCard: (cardId: string) => Promise<ApiResult<undefined>>;
};

const serverApi: ArchiveApi = { listArchivedCards, restoreCard, deleteCard };

/** Asked before a restore exceeds a column's WIP limit: true sends it anyway. */
export type AskWip = (conflict: WipConflict) => Promise<boolean>;

/**
 * A board's archived cards, searchable, each of which can be restored (back into its column;
 * a full column is asked about and overridden on "yes") or deleted for good.
 */
export class ArchivedCards {
	items = $state<Card[]>([]);
	status = $state<LoadStatus>('loading');
	message = $state('');
	/** The search the list shows. */
	query = $state('');
	/** The card being restored or deleted. */
	busy = $state<string | null>(null);
	readonly boardId: string;
	readonly #api: ArchiveApi;
	/** Bumped by every search, so an older answer arriving late is dropped. */
	#generation = 0;

	constructor(boardId: string, calls: ArchiveApi = serverApi) {
		this.boardId = boardId;
		this.#api = calls;
	}

	async load(query = this.query): Promise<void> {
		const generation = ++this.#generation;
		const result = await this.#api.listArchivedCards(this.boardId, query);
		if (generation !== this.#generation) return;
		this.query = query;
		if (!result.ok) {
			this.status = statusOf(result);
			this.message = result.message;
			return;
		}
		// The search may match cards on the board too: only archived ones belong here.
		this.items = result.data.filter((card) => card.archived);
		this.status = 'ready';
	}

	/**
	 * Puts the card back on the board; it leaves the list. "declined": the person kept a full
	 * column from going over its limit, and nothing changed.
	 */
	async restore(card: Card, askWip: AskWip): Promise<ApiResult<Card> | 'declined'> {
		this.busy = card.id;
		const result = await withWipOverride((override) => this.#api.restoreCard(card.id, override), askWip, null);
		this.busy = null;
		if (result !== 'declined' && result.ok) this.#drop(card.id);
		return result;
	}

	/** Deletes the card for good (ask first); it leaves the list. */
	async remove(card: Card): Promise<ApiResult<undefined>> {
		this.busy = card.id;
		const result = await this.#api.deleteCard(card.id);
		this.busy = null;
		if (result.ok) this.#drop(card.id);
		return result;
	}

	#drop(cardId: string): void {
		this.items = this.items.filter((card) => card.id !== cardId);
	}
}
