/**
 * Touch drag with pointer events: a long press lifts the card, the finger carries it (the
 * columns show where it lands), lifting the finger drops it. A short touch is left to the
 * browser, so the board scrolls as usual. Near an edge the column or the board scrolls along.
 */
import { getContext, setContext } from 'svelte';
import type { CardDrag } from './drag-session.svelte';
import { LONG_PRESS_MS, LongPress } from './long-press';
import type { Drop } from './move';

const EDGE_PX = 48;
const MAX_SCROLL_PX = 14;

/** How far into the edge zone the finger is, as a scroll step (negative: towards the start). */
function edgeStep(position: number, start: number, end: number): number {
	if (position < start + EDGE_PX) return -Math.ceil(((start + EDGE_PX - position) / EDGE_PX) * MAX_SCROLL_PX);
	if (position > end - EDGE_PX) return Math.ceil(((position - (end - EDGE_PX)) / EDGE_PX) * MAX_SCROLL_PX);
	return 0;
}

export class TouchDrag {
	readonly #drag: CardDrag;
	readonly #ondrop: (drop: Drop) => void;
	readonly #press = new LongPress();
	#timer: ReturnType<typeof setTimeout> | undefined;
	#frame = 0;
	#cleanup: (() => void) | null = null;
	#point = { x: 0, y: 0 };

	constructor(drag: CardDrag, ondrop: (drop: Drop) => void) {
		this.#drag = drag;
		this.#ondrop = ondrop;
	}

	/** A pointer went down on a card: a finger may lift it; a mouse or pen is left to HTML5 drag. */
	press(event: PointerEvent, cardId: string, title: string): void {
		if (event.pointerType !== 'touch' || !event.isPrimary || this.#cleanup) return;
		this.#point = { x: event.clientX, y: event.clientY };
		this.#press.press(this.#point, performance.now());
		this.#timer = setTimeout(() => {
			if (this.#press.tick(performance.now()) === 'lifted') this.#lift(cardId, title);
		}, LONG_PRESS_MS);
		const pointerId = event.pointerId;
		const own = (handler: (e: PointerEvent) => void) => (e: PointerEvent) => e.pointerId === pointerId && handler(e);
		const move = own((e) => this.#move(e, cardId, title));
		const up = own(() => this.#finish(true));
		const cancel = own(() => this.#finish(false));
		const menu = (e: Event) => this.#press.state !== 'idle' && e.preventDefault();
		// Touch events keep going to the card even if the list unrenders it mid-drag (they no
		// longer bubble then): hold the page still from the card itself too.
		const card = event.currentTarget instanceof HTMLElement ? event.currentTarget : null;
		const hold = (e: TouchEvent) => this.dragging && e.cancelable && e.preventDefault();
		addEventListener('pointermove', move, { passive: true });
		addEventListener('pointerup', up);
		addEventListener('pointercancel', cancel);
		addEventListener('contextmenu', menu);
		card?.addEventListener('touchmove', hold, { passive: false });
		this.#cleanup = () => {
			removeEventListener('pointermove', move);
			removeEventListener('pointerup', up);
			removeEventListener('pointercancel', cancel);
			removeEventListener('contextmenu', menu);
			card?.removeEventListener('touchmove', hold);
		};
	}

	/** While a card is lifted, the board's touchmove is cancelled so the page does not scroll. */
	get dragging(): boolean {
		return this.#drag.mode === 'touch';
	}

	#move(event: PointerEvent, cardId: string, title: string): void {
		this.#point = { x: event.clientX, y: event.clientY };
		const was = this.#press.state;
		const state = this.#press.move(this.#point, performance.now());
		if (state === 'cancelled') return this.#finish(false);
		if (state === 'lifted' && was === 'pending') this.#lift(cardId, title);
		else if (state === 'lifted') this.#track();
	}

	#lift(cardId: string, title: string): void {
		this.#drag.start(cardId, title, 'touch');
		// A little buzz where allowed (browsers refuse it before the page was ever tapped).
		if (navigator.userActivation?.hasBeenActive) navigator.vibrate?.(10);
		this.#track();
		const scroll = (): void => {
			this.#autoScroll();
			this.#frame = requestAnimationFrame(scroll);
		};
		this.#frame = requestAnimationFrame(scroll);
	}

	/** The lifted card follows the finger; the column under it shows where the card would land. */
	#track(): void {
		const { x, y } = this.#point;
		this.#drag.point = { x, y };
		const column = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-testid="column"]');
		const columnId = column?.dataset.columnId;
		this.#drag.hover(columnId ? this.#drag.targetAt(columnId, y) : null);
	}

	#autoScroll(): void {
		const { x, y } = this.#point;
		const column = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-testid="column"]');
		const list = column?.querySelector<HTMLElement>('[data-testid="card-scroller"]');
		const board = document.querySelector<HTMLElement>('[data-testid="board-columns"]');
		let moved = false;
		if (list) {
			const box = list.getBoundingClientRect();
			const step = y >= box.top - EDGE_PX && y <= box.bottom + EDGE_PX ? edgeStep(y, box.top, box.bottom) : 0;
			if (step) moved = scrollBy(list, 'scrollTop', step) || moved;
		}
		if (board) {
			const box = board.getBoundingClientRect();
			const step = edgeStep(x, Math.max(box.left, 0), Math.min(box.right, innerWidth));
			if (step) moved = scrollBy(board, 'scrollLeft', step) || moved;
		}
		if (moved) this.#track();
	}

	#finish(drop: boolean): void {
		clearTimeout(this.#timer);
		cancelAnimationFrame(this.#frame);
		this.#cleanup?.();
		this.#cleanup = null;
		const lifted = this.#press.release() === 'lifted';
		const target = this.#drag.over;
		const cardId = this.#drag.cardId;
		if (lifted) {
			this.#drag.end();
			swallowNextClick();
		}
		if (lifted && drop && target && cardId) this.#ondrop({ cardId, columnId: target.columnId, index: target.index });
	}
}

function scrollBy(element: HTMLElement, axis: 'scrollTop' | 'scrollLeft', step: number): boolean {
	const before = element[axis];
	element[axis] = before + step;
	return element[axis] !== before;
}

/** The finger coming up after a drag must not also "click" (open) the card under it. */
function swallowNextClick(): void {
	const swallow = (event: Event): void => {
		event.stopPropagation();
		event.preventDefault();
	};
	addEventListener('click', swallow, { capture: true, once: true });
	setTimeout(() => removeEventListener('click', swallow, { capture: true }), 400);
}

const KEY = Symbol('touch-drag');

export function setTouchDrag(touchDrag: TouchDrag): void {
	setContext(KEY, touchDrag);
}

export function getTouchDrag(): TouchDrag | undefined {
	return getContext<TouchDrag | undefined>(KEY);
}
