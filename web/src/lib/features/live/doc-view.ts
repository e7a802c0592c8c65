/**
 * The board's live Yjs document (DESIGN.md §5) and the board on screen: what the document says
 * of each card, laid over the board the REST API gave, and the writes the board view makes to
 * the document (they work offline: the document keeps them until the server has them).
 *
 * The document holds `cards`: a map of card id → map {title, description (text), column_id,
 * position, archived, …}; `position` is a fractional-index key, ordered as plain strings.
 */
import { generateKeyBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import { bareCard, type BoardCard, type BoardView } from '../boards/board.svelte';

export type LiveCard = {
	title: string;
	description: string;
	column_id: string | null;
	position: string;
	archived: boolean;
};

export function cardsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('cards');
}

/** Every card the document holds, by id. */
export function liveCards(doc: Y.Doc): Map<string, LiveCard> {
	const cards = new Map<string, LiveCard>();
	for (const [id, entry] of cardsMap(doc).entries()) {
		if (!(entry instanceof Y.Map)) continue;
		const title = entry.get('title');
		const position = entry.get('position');
		const column = entry.get('column_id');
		cards.set(id, {
			title: typeof title === 'string' ? title : '',
			description: entry.get('description')?.toString() ?? '',
			column_id: typeof column === 'string' ? column : null,
			position: typeof position === 'string' ? position : '',
			archived: entry.get('archived') === true
		});
	}
	return cards;
}

/**
 * Each column's cards as the document has them: its word on each card's title, description,
 * column, order and whether it is archived; cards only the document knows yet are added (the
 * rest of their fields come with the next reload), cards it no longer holds are gone. Pending
 * cards (being created over REST) stay at the end of their column. A card the document left as
 * it was is the same object.
 */
export function liveColumns(board: BoardView, live: Map<string, LiveCard>): Map<string, BoardCard[]> {
	const columnIds = new Set(board.columns.map((column) => column.id));
	const known = new Map(board.columns.flatMap((column) => column.cards.map((card) => [card.id, card] as const)));
	const placed = new Map<string, { card: BoardCard; position: string }[]>(board.columns.map((column) => [column.id, []]));
	for (const [id, fields] of live) {
		// The board lists no archived card, but one archived here stays (its drawer offers to
		// restore it), as it does when archived over REST.
		if (fields.archived && !known.has(id)) continue;
		const columnId = fields.column_id && columnIds.has(fields.column_id) ? fields.column_id : board.columns[0]?.id;
		if (!columnId) continue;
		const card = known.get(id) ?? bareCard(board.id, columnId, id, fields.title, fields.description);
		const same =
			card.title === fields.title &&
			card.description === fields.description &&
			card.column_id === columnId &&
			card.archived === fields.archived;
		const shown = same ? card : { ...card, title: fields.title, description: fields.description, column_id: columnId, archived: fields.archived };
		placed.get(columnId)!.push({ card: shown, position: fields.position });
	}
	return new Map(
		board.columns.map((column) => {
			const ordered = placed
				.get(column.id)!
				.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : a.card.id < b.card.id ? -1 : 1))
				.map((entry) => entry.card);
			return [column.id, [...ordered, ...column.cards.filter((card) => card.pending)]];
		})
	);
}

/** A key between two neighbours' positions; a neighbour that is missing, malformed or out of
 * order is left out (as the server does), so there is always an answer. */
export function positionBetween(before: string | null, after: string | null): string {
	if (before && after && before >= after) after = null; // crossed or tied after a merge
	for (const [low, high] of [
		[before, after],
		[before, null],
		[null, after],
		[null, null]
	] as const) {
		try {
			return generateKeyBetween(low || null, high || null);
		} catch {
			// try with fewer neighbours
		}
	}
	throw new Error('unreachable: a key between no neighbours always exists');
}

/**
 * Move a card in the document to where it sits in `board` (the board after the move, as on
 * screen): its column, and a position between its neighbours there. False if the document does
 * not hold it.
 */
export function writeMove(doc: Y.Doc, board: BoardView, cardId: string): boolean {
	const entry = cardsMap(doc).get(cardId);
	const column = board.columns.find((candidate) => candidate.cards.some((card) => card.id === cardId));
	if (!(entry instanceof Y.Map) || !column) return false;
	const settled = column.cards.filter((card) => !card.pending);
	const index = settled.findIndex((card) => card.id === cardId);
	const live = liveCards(doc);
	const before = index > 0 ? (live.get(settled[index - 1].id)?.position ?? null) : null;
	const after = index < settled.length - 1 ? (live.get(settled[index + 1].id)?.position ?? null) : null;
	doc.transact(() => {
		entry.set('column_id', column.id);
		entry.set('position', positionBetween(before, after));
	});
	return true;
}

/** A card's description as shared text (null if the document does not hold it). */
export function descriptionText(doc: Y.Doc, cardId: string): Y.Text | null {
	const entry = cardsMap(doc).get(cardId);
	const text = entry instanceof Y.Map ? entry.get('description') : null;
	return text instanceof Y.Text ? text : null;
}
