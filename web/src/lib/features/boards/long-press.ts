/**
 * Touch drag starts with a long press: hold still for LONG_PRESS_MS and the card lifts; move
 * more than SLOP_PX first and it was a scroll, not a drag. Pure: the caller feeds it pointer
 * positions and times (PointerEvent.timeStamp or performance.now()).
 */

export const LONG_PRESS_MS = 350;
export const SLOP_PX = 10;

export type PressState = 'idle' | 'pending' | 'lifted' | 'cancelled';

type Point = { x: number; y: number };

export class LongPress {
	state: PressState = 'idle';
	#start: Point = { x: 0, y: 0 };
	#at = 0;
	readonly #delay: number;
	readonly #slop: number;

	constructor(delay = LONG_PRESS_MS, slop = SLOP_PX) {
		this.#delay = delay;
		this.#slop = slop;
	}

	press(point: Point, time: number): void {
		this.state = 'pending';
		this.#start = point;
		this.#at = time;
	}

	/** A pointer move: too far before the lift cancels the press (the browser scrolls instead). */
	move(point: Point, time: number): PressState {
		if (this.state !== 'pending') return this.state;
		if (Math.hypot(point.x - this.#start.x, point.y - this.#start.y) > this.#slop) this.state = 'cancelled';
		else this.tick(time);
		return this.state;
	}

	/** Time passing (a timer firing): a press held long enough lifts. */
	tick(time: number): PressState {
		if (this.state === 'pending' && time - this.#at >= this.#delay) this.state = 'lifted';
		return this.state;
	}

	/** The finger is up (or the browser took the gesture): back to idle, saying what it was. */
	release(): PressState {
		const was = this.state;
		this.state = 'idle';
		return was;
	}
}
