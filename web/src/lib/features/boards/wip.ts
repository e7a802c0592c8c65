/**
 * Soft WIP limits as pure functions: how full a column is, whether one more card would exceed
 * its limit, the question asked before exceeding it, and the server's refusal read back.
 */
import type { ApiFailure, ApiResult } from '$lib/api/result';
import type { BoardCard } from './board.svelte';

type LimitedColumn = { wip_limit: number | null; cards: { id: BoardCard['id']; archived?: boolean }[] };

/** `none`: no limit; `under`/`at`/`over` the limit (the header count is plain, amber, red). */
export type WipState = 'none' | 'under' | 'at' | 'over';

/** What the server counts: the column's cards that are not archived, `excluding` one card. */
export function activeCount(column: LimitedColumn, excluding?: string): number {
	let count = 0;
	for (const card of column.cards) if (!card.archived && card.id !== excluding) count += 1;
	return count;
}

/** "3 / 5" when the column has a WIP limit, else just the count (archived cards left out). */
export function wipLabel(column: LimitedColumn): string {
	const count = activeCount(column);
	return column.wip_limit == null ? `${count}` : `${count} / ${column.wip_limit}`;
}

export function wipState(column: LimitedColumn): WipState {
	if (column.wip_limit == null) return 'none';
	const count = activeCount(column);
	if (count < column.wip_limit) return 'under';
	return count === column.wip_limit ? 'at' : 'over';
}

/** A column at or over its limit, as the server reports it (409 details) or as seen here. */
export type WipConflict = { columnId: string; limit: number; cards: number };

/**
 * The conflict that adding `cardId` (a card from elsewhere, or a new one when undefined) to the
 * column would raise, or null when it fits. A card already in the column never counts twice.
 */
export function wipConflictFor(column: LimitedColumn & { id: string }, cardId?: string): WipConflict | null {
	if (column.wip_limit == null) return null;
	if (cardId !== undefined && column.cards.some((card) => card.id === cardId)) return null;
	const cards = activeCount(column, cardId);
	return cards >= column.wip_limit ? { columnId: column.id, limit: column.wip_limit, cards } : null;
}

/** The server's WIP refusal (409 with `{column_id, wip_limit, cards}`), or null for any other answer. */
export function wipConflictOf(result: ApiResult<unknown>): WipConflict | null {
	if (result.ok || result.status !== 409) return null;
	const details = (result as ApiFailure).details as Record<string, unknown> | undefined;
	const columnId = details?.column_id;
	const limit = details?.wip_limit;
	const cards = details?.cards;
	if (typeof columnId !== 'string' || typeof limit !== 'number' || typeof cards !== 'number') return null;
	return { columnId, limit, cards };
}

/** "In progress is full (4/4). Add anyway?" (or "Move anyway?", "Restore anyway?"). */
export function wipQuestion(columnName: string, conflict: Pick<WipConflict, 'limit' | 'cards'>, verb = 'Add'): string {
	return `${columnName} is full (${conflict.cards}/${conflict.limit}). ${verb} anyway?`;
}

/**
 * Runs a write that a WIP limit may refuse. A conflict already known here is asked about before
 * anything is sent; one only the server knew (someone else filled the column) is asked about
 * when it answers. Each "yes" resends with the override. "declined" means nothing was written.
 */
export async function withWipOverride<T>(
	write: (override: boolean) => Promise<ApiResult<T>>,
	confirm: (conflict: WipConflict) => Promise<boolean>,
	known: WipConflict | null
): Promise<ApiResult<T> | 'declined'> {
	if (known && !(await confirm(known))) return 'declined';
	const result = await write(known !== null);
	const refused = known ? null : wipConflictOf(result);
	if (!refused) return result;
	if (!(await confirm(refused))) return 'declined';
	return write(true);
}

export const MAX_WIP_LIMIT = 10000;

/** The WIP limit typed in the dialog: a whole number from 1, or empty for no limit. */
export function parseWipLimit(text: string): { limit: number | null } | { error: string } {
	const trimmed = text.trim();
	if (!trimmed) return { limit: null };
	const limit = Number(trimmed);
	if (!/^\d+$/.test(trimmed) || limit < 1 || limit > MAX_WIP_LIMIT) {
		return { error: `Enter a whole number from 1 to ${MAX_WIP_LIMIT}, or leave it empty for no limit.` };
	}
	return { limit };
}
