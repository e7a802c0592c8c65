import { describe, expect, it } from 'vitest';
import type { Checklist } from './api';
import {
	dropIndexAt,
	isPending,
	moveRequest,
	pendingId,
	progressLabel,
	progressOf,
	progressPercent,
	withItemAt,
	withItemChange,
	withoutItem
} from './ops';

const items = (...ids: string[]) => ids.map((id) => ({ id, text: id.toUpperCase(), done: false }));
const lists = (): Checklist[] => [
	{ id: 'l1', title: 'Launch', items: items('a', 'b', 'c') },
	{ id: 'l2', title: 'Land', items: items('d') }
];

describe('progress', () => {
	it('counts done items across checklists', () => {
		const checklists = withItemChange(withItemChange(lists(), 'l1', 'a', { done: true }), 'l2', 'd', { done: true });
		const progress = progressOf(checklists);
		expect(progress).toEqual({ done: 2, total: 4 });
		expect(progressLabel(progress)).toBe('2/4');
		expect(progressPercent(progress)).toBe(50);
		expect(progressPercent({ done: 0, total: 0 })).toBe(0);
	});
});

describe('changes', () => {
	it('leave their input alone', () => {
		const before = lists();
		const after = withoutItem(before, 'l1', 'b');
		expect(after[0].items.map((item) => item.id)).toEqual(['a', 'c']);
		expect(before[0].items).toHaveLength(3);
		expect(after[1]).toBe(before[1]);
	});

	it('put an item at an index among all items, clamped', () => {
		const ids = (checklists: Checklist[]) => checklists[0].items.map((item) => item.id);
		expect(ids(withItemAt(lists(), 'l1', 'a', 2))).toEqual(['b', 'c', 'a']);
		expect(ids(withItemAt(lists(), 'l1', 'c', 0))).toEqual(['c', 'a', 'b']);
		expect(ids(withItemAt(lists(), 'l1', 'b', 99))).toEqual(['a', 'c', 'b']);
		expect(ids(withItemAt(lists(), 'l1', 'nope', 0))).toEqual(['a', 'b', 'c']);
	});

	it('mark what the server has not confirmed', () => {
		expect(isPending(pendingId())).toBe(true);
		expect(isPending('0b7d…')).toBe(false);
	});
});

describe('moveRequest', () => {
	const abc = items('a', 'b', 'c');

	it('anchors before the item that will follow, or after the last', () => {
		expect(moveRequest(abc, 'c', 0)).toEqual({ before_item_id: 'a' });
		expect(moveRequest(abc, 'a', 1)).toEqual({ before_item_id: 'c' });
		expect(moveRequest(abc, 'a', 2)).toEqual({ after_item_id: 'c' });
		expect(moveRequest(abc, 'b', 5)).toEqual({ after_item_id: 'c' });
	});

	it('is null when the item is there already or unknown', () => {
		expect(moveRequest(abc, 'b', 1)).toBeNull();
		expect(moveRequest(abc, 'x', 0)).toBeNull();
		expect(moveRequest(items('a'), 'a', 0)).toBeNull();
	});
});

describe('dropIndexAt', () => {
	it('counts the other items whose middle is above the pointer', () => {
		expect(dropIndexAt([10, 30, 50], 5)).toBe(0);
		expect(dropIndexAt([10, 30, 50], 31)).toBe(2);
		expect(dropIndexAt([10, 30, 50], 99)).toBe(3);
		expect(dropIndexAt([], 99)).toBe(0);
	});
});
