/**
 * The card being dragged (with a mouse via HTML5 drag and drop, or with a finger after a long
 * press) and where it would land: columns read it to show "full" and the drop indicator line.
 * Each card list registers how to turn a pointer y into a drop place in its column.
 */

/** Where the dragged card would land: `index` among the column's other cards, `lineY` in the
 * list's scroll content (null: no neighbour on screen to draw the line against). */
export type DropTarget = { columnId: string; index: number; lineY: number | null };

export type DropLocator = (cardId: string, clientY: number) => Omit<DropTarget, 'columnId'>;

export type DragMode = 'mouse' | 'touch';

export class CardDrag {
	cardId = $state<string | null>(null);
	title = $state('');
	mode = $state<DragMode | null>(null);
	over = $state<DropTarget | null>(null);
	/** The finger, for the lifted card that follows it (touch only). */
	point = $state<{ x: number; y: number } | null>(null);
	// Functions looked up during a drag, never rendered: a plain Map on purpose.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #locators = new Map<string, DropLocator>();

	start(cardId: string, title: string, mode: DragMode): void {
		this.cardId = cardId;
		this.title = title;
		this.mode = mode;
		this.over = null;
	}

	/** Only a real change is written: dragover fires many times a second. */
	hover(target: DropTarget | null): void {
		const over = this.over;
		if (over === target) return;
		if (over && target && over.columnId === target.columnId && over.index === target.index && over.lineY === target.lineY) return;
		this.over = target;
	}

	end(): void {
		this.cardId = null;
		this.mode = null;
		this.over = null;
		this.point = null;
	}

	/** A column's card list says how a pointer y maps to a drop; the returned function unregisters. */
	register(columnId: string, locate: DropLocator): () => void {
		this.#locators.set(columnId, locate);
		return () => {
			if (this.#locators.get(columnId) === locate) this.#locators.delete(columnId);
		};
	}

	/** Where the dragged card lands in `columnId` for a pointer at `clientY`, if the column is here. */
	targetAt(columnId: string, clientY: number): DropTarget | null {
		const locate = this.#locators.get(columnId);
		if (!locate || !this.cardId) return null;
		return { columnId, ...locate(this.cardId, clientY) };
	}
}

/** One board is on screen at a time. */
export const cardDrag = new CardDrag();
