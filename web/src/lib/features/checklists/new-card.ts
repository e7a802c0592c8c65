/**
 * A card made from a checklist item, put on the board as shown: the server placed it right after
 * the card it came from, in that card's column, so it goes there too (or at the end of its column
 * if that card is not shown there). Nothing changes if the board already has it.
 */
type Placed = { id: string; column_id: string | null };
type Columns<C extends Placed> = { id: string; cards: C[] }[];

export function insertAfter<C extends Placed>(columns: Columns<C>, card: C, afterCardId: string): boolean {
	if (columns.some((column) => column.cards.some((known) => known.id === card.id))) return false;
	const column = columns.find((candidate) => candidate.id === card.column_id);
	if (!column) return false;
	const after = column.cards.findIndex((known) => known.id === afterCardId);
	const at = after >= 0 ? after + 1 : column.cards.length;
	column.cards = [...column.cards.slice(0, at), card, ...column.cards.slice(at)];
	return true;
}
