import { describe, expect, it } from 'vitest';
import { LONG_PRESS_MS, LongPress, SLOP_PX } from './long-press';

describe('LongPress', () => {
	it('lifts after the delay when the finger holds still', () => {
		const press = new LongPress();
		press.press({ x: 10, y: 10 }, 1000);
		expect(press.tick(1000 + LONG_PRESS_MS - 1)).toBe('pending');
		expect(press.move({ x: 12, y: 13 }, 1000 + LONG_PRESS_MS - 1)).toBe('pending');
		expect(press.tick(1000 + LONG_PRESS_MS)).toBe('lifted');
		// Once lifted, moving anywhere drags.
		expect(press.move({ x: 300, y: 500 }, 2000)).toBe('lifted');
		expect(press.release()).toBe('lifted');
		expect(press.state).toBe('idle');
	});

	it('is a scroll when the finger moves beyond the slop first', () => {
		const press = new LongPress();
		press.press({ x: 10, y: 10 }, 0);
		expect(press.move({ x: 10, y: 10 + SLOP_PX + 1 }, 100)).toBe('cancelled');
		expect(press.tick(LONG_PRESS_MS * 2)).toBe('cancelled');
		expect(press.release()).toBe('cancelled');
	});

	it('is a tap when the finger lifts before the delay', () => {
		const press = new LongPress();
		press.press({ x: 0, y: 0 }, 0);
		expect(press.tick(100)).toBe('pending');
		expect(press.release()).toBe('pending');
		expect(press.tick(LONG_PRESS_MS)).toBe('idle');
	});

	it('lifts on a late move event when the timer has not fired yet', () => {
		const press = new LongPress(300, 8);
		press.press({ x: 0, y: 0 }, 0);
		expect(press.move({ x: 3, y: 0 }, 310)).toBe('lifted');
	});
});
