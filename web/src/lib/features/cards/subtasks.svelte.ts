import type { ApiResult } from '$lib/api/result';
import type { Card } from '$lib/api/types';
import { subtasksApi, type SubtasksApi } from './subtasks-api';

/** The card a subtask names as its parent; one that cannot be read (deleted since) is `missing`. */
export class ParentCard {
	card = $state<Card | null>(null);
	missing = $state(false);
	readonly #api: SubtasksApi;
	/** The parent asked for last: an older answer that arrives late is dropped. */
	#wanted: string | null = null;

	constructor(api: SubtasksApi = subtasksApi) {
		this.#api = api;
	}

	/** Hands back a failure other than a gone parent (that one shows as `missing`). */
	async load(parentId: string | null): Promise<ApiResult<unknown>> {
		this.#wanted = parentId;
		if (!parentId) {
			this.card = null;
			this.missing = false;
			return { ok: true, data: null };
		}
		const result = await this.#api.getCard(parentId);
		if (this.#wanted !== parentId) return { ok: true, data: null };
		this.card = result.ok ? result.data : null;
		// 403 also answers for an id that names nothing: the parent was deleted.
		this.missing = !result.ok && result.status === 403;
		return result.ok || this.missing ? { ok: true, data: null } : result;
	}
}

/** A card's subtasks on every board of the project (archived ones left out), in board order. */
export class SubtaskList {
	cards = $state<Card[]>([]);
	readonly cardId: string;
	readonly #api: SubtasksApi;

	constructor(cardId: string, api: SubtasksApi = subtasksApi) {
		this.cardId = cardId;
		this.#api = api;
	}

	async load(): Promise<ApiResult<Card[]>> {
		const result = await this.#api.listSubtasks(this.cardId);
		if (result.ok) this.cards = result.data;
		return result;
	}
}

export type PlaceColumn = { id: string; name: string; done?: boolean };

/**
 * Where a subtask is, in words, and whether its column is a done one; both are known for the
 * board on screen only. A card without a known column shows in the first one, as on the board.
 */
export function subtaskPlace(
	subtask: Pick<Card, 'board_id' | 'column_id'>,
	board: { id: string; columns: PlaceColumn[] } | undefined
): { where: string; done: boolean } {
	if (!board || subtask.board_id !== board.id) return { where: 'On another board', done: false };
	const column = board.columns.find((candidate) => candidate.id === subtask.column_id) ?? board.columns[0];
	return { where: column?.name ?? 'No column', done: column?.done === true };
}
