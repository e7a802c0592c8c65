import { describe, expect, it } from 'vitest';
import { dropIndex } from './move';
import {
	CARD_ESTIMATE_PX,
	cardShape,
	dropLineY,
	noteKeyMove,
	ShapeHeights,
	takeKeyMove,
	windowedDropIndex,
	type RenderedCard
} from './virtual-column';

/** Cards `from`..`to` (full-list indexes) rendered 80 px apart, the first one's middle at `top`. */
function windowOf(from: number, to: number, top = 100): RenderedCard[] {
	return Array.from({ length: to - from + 1 }, (_, k) => ({ index: from + k, middle: top + k * 80 }));
}
const viewport = { top: 50, bottom: 900 };

describe('windowedDropIndex', () => {
	it('matches dropIndex when every card is rendered', () => {
		const rendered = windowOf(0, 4);
		for (const y of [60, 99, 101, 250, 500, 899]) {
			expect(windowedDropIndex(rendered, -1, 5, y, viewport)).toBe(dropIndex(rendered.map((c) => c.middle), y));
		}
	});

	it('counts in the full list when the window starts further down', () => {
		const rendered = windowOf(1000, 1010);
		expect(windowedDropIndex(rendered, -1, 5000, 60, viewport)).toBe(1000);
		expect(windowedDropIndex(rendered, -1, 5000, 101, viewport)).toBe(1001);
		expect(windowedDropIndex(rendered, -1, 5000, 899, viewport)).toBe(1010);
	});

	it('leaves the dragged card out when it is in this column', () => {
		// Dragging card 3 (rendered) below card 5: among the others that is index 5.
		expect(windowedDropIndex(windowOf(0, 9), 3, 10, 100 + 5 * 80 + 1, viewport)).toBe(5);
		// Dragging card 10 (above the window) into the window: the window's indexes shift down by one.
		expect(windowedDropIndex(windowOf(1000, 1010), 10, 5000, 101, viewport)).toBe(1000);
		// Dragging card 4000 (below the window): nothing shifts.
		expect(windowedDropIndex(windowOf(1000, 1010), 4000, 5000, 101, viewport)).toBe(1001);
	});

	it('reads above the viewport as the top and below it as the end', () => {
		expect(windowedDropIndex(windowOf(1000, 1010), -1, 5000, 10, viewport)).toBe(0);
		expect(windowedDropIndex(windowOf(1000, 1010), -1, 5000, 950, viewport)).toBe(5000);
		expect(windowedDropIndex(windowOf(1000, 1010), 7, 5000, 950, viewport)).toBe(4999);
	});

	it('puts a card dropped on an empty column first', () => {
		expect(windowedDropIndex([], -1, 0, 100, viewport)).toBe(0);
	});
});

describe('key moves', () => {
	it('finds the moved card once, in the column it landed in', () => {
		noteKeyMove('b', 1000);
		expect(takeKeyMove(['x', 'y'], 1001)).toBe(-1);
		expect(takeKeyMove(['a', 'b'], 1002)).toBe(1);
		expect(takeKeyMove(['a', 'b'], 1003)).toBe(-1);
	});

	it('forgets a move that never landed', () => {
		noteKeyMove('b', 0);
		expect(takeKeyMove(['a', 'b'], 60_000)).toBe(-1);
	});
});

describe('dropLineY', () => {
	/** Cards `from`..`to` 80 px apart (72 px tall, 8 px gap), the first one's top at `top`. */
	const boxes = (from: number, to: number, top = 100) =>
		Array.from({ length: to - from + 1 }, (_, k) => {
			const y = top + k * 80;
			return { index: from + k, top: y, bottom: y + 72, middle: y + 36 };
		});

	it('sits half a gap above the card the drop lands before', () => {
		expect(dropLineY(boxes(0, 4), -1, 0)).toBe(96);
		expect(dropLineY(boxes(0, 4), -1, 2)).toBe(256);
		expect(dropLineY(boxes(1000, 1004), -1, 1001)).toBe(176);
	});

	it('sits below the last card for a drop at the end', () => {
		expect(dropLineY(boxes(0, 4), -1, 5)).toBe(100 + 4 * 80 + 72 + 4);
	});

	it('skips the dragged card', () => {
		// Dragging card 1 down to just before card 3: among the others that is index 2.
		expect(dropLineY(boxes(0, 4), 1, 2)).toBe(100 + 3 * 80 - 4);
		// Left where it was (index 1 among the others = before card 2).
		expect(dropLineY(boxes(0, 4), 1, 1)).toBe(100 + 2 * 80 - 4);
	});

	it('is null when neither neighbour is rendered', () => {
		expect(dropLineY([], -1, 0)).toBeNull();
		expect(dropLineY(boxes(1000, 1004), -1, 3)).toBeNull();
	});
});

describe('card shapes and learned heights', () => {
	const base = { title: 'Card 1', labels: ['bench'], assignee_ids: [], due: null, description: 'Details', archived: false };

	it('gives cards that look alike the same shape', () => {
		expect(cardShape(base)).toBe(cardShape({ ...base, title: 'Card 4999', description: 'Other details' }));
		expect(cardShape(base)).not.toBe(cardShape({ ...base, labels: [] }));
		expect(cardShape(base)).not.toBe(cardShape({ ...base, description: '  ' }));
		expect(cardShape(base)).not.toBe(cardShape({ ...base, title: 'A much longer title that will wrap onto a second line' }));
		expect(cardShape({ ...base, description: '' })).not.toBe(cardShape({ ...base, description: '', comment_count: 2 }));
	});

	it('estimates a shape by the last card of it measured', () => {
		const heights = new ShapeHeights();
		const shape = cardShape(base);
		expect(heights.estimate(shape)).toBe(CARD_ESTIMATE_PX);
		heights.learn(shape, 101.296875);
		expect(heights.estimate(shape)).toBe(101.296875);
		expect(heights.estimate(cardShape({ ...base, labels: [] }))).toBe(CARD_ESTIMATE_PX);
		expect(heights.estimate(undefined)).toBe(CARD_ESTIMATE_PX);
	});
});
