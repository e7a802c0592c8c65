import { describe, expect, it } from 'vitest';
import { contrastRatio } from '$lib/features/labels/contrast';
import { DUE_TONES, dueState, dueWindow, formatDueDate } from './due';

// Date-only dues are stored as midnight UTC and read as a day of the reader's calendar.
const day = (iso: string): string => `${iso}T00:00:00Z`;

describe('dueState for a due date without a time', () => {
	const now = new Date(2026, 2, 10, 23, 30); // late on 10 March, local time

	it('is soon today and tomorrow, not red until the day is over', () => {
		expect(dueState({ due: day('2026-03-10') }, { now })).toBe('soon');
		expect(dueState({ due: day('2026-03-11') }, { now })).toBe('soon');
		expect(dueState({ due: day('2026-03-12') }, { now })).toBe('later');
		expect(dueState({ due: day('2026-03-09') }, { now })).toBe('overdue');
	});

	it('turns overdue at the first moment of the next day', () => {
		const due = { due: day('2026-03-10') };
		expect(dueState(due, { now: new Date(2026, 2, 10, 23, 59, 59) })).toBe('soon');
		expect(dueState(due, { now: new Date(2026, 2, 11, 0, 0, 0) })).toBe('overdue');
	});

	it('counts "tomorrow" as soon only from the start of today', () => {
		const due = { due: day('2026-03-12') };
		expect(dueState(due, { now: new Date(2026, 2, 10, 23, 59) })).toBe('later');
		expect(dueState(due, { now: new Date(2026, 2, 11, 0, 0) })).toBe('soon');
	});

	it('has no state without a due date, or with one it cannot read', () => {
		expect(dueState({ due: null }, { now })).toBe('none');
		expect(dueState({ due: 'someday' }, { now })).toBe('none');
	});
});

describe('dueState for a due with a time', () => {
	const due = { due: '2026-03-10T15:00:00Z' };
	const at = (hoursBefore: number): Date => new Date(Date.parse(due.due) - hoursBefore * 3_600_000);

	it('is soon within the 24 hours before it and overdue from that moment', () => {
		expect(dueState(due, { now: at(25) })).toBe('later');
		expect(dueState(due, { now: at(24) })).toBe('soon');
		expect(dueState(due, { now: at(0.01) })).toBe('soon');
		expect(dueState(due, { now: at(0) })).toBe('overdue');
	});
});

describe('a completed due', () => {
	const now = new Date(2026, 2, 10, 12, 0);
	const past = day('2026-03-01');

	it('is done, never overdue, when the due is complete', () => {
		expect(dueState({ due: past, due_done: true }, { now })).toBe('done');
		expect(dueState({ due: day('2026-04-01'), due_done: true }, { now })).toBe('done');
	});

	it('is done, never overdue, when the card sits in a done column', () => {
		expect(dueState({ due: past, due_done: false }, { now, columnDone: true })).toBe('done');
		expect(dueState({ due: past, due_done: false }, { now, columnDone: false })).toBe('overdue');
	});

	it('still has no state without a due date', () => {
		expect(dueState({ due: null, due_done: true }, { now, columnDone: true })).toBe('none');
	});
});

describe('dueWindow and formatDueDate', () => {
	it('spans the local day a date names', () => {
		const span = dueWindow(day('2026-03-10'));
		expect(span?.start).toEqual(new Date(2026, 2, 10));
		expect(span?.end).toEqual(new Date(2026, 2, 11));
	});

	it('shows the year only when it is not this year', () => {
		const now = new Date(2026, 5, 1);
		expect(formatDueDate(day('2026-03-04'), now, 'en-US')).toBe('Mar 4');
		expect(formatDueDate(day('2027-03-04'), now, 'en-US')).toBe('Mar 4, 2027');
	});
});

describe('DUE_TONES', () => {
	it.each(Object.entries(DUE_TONES))('%s keeps AA contrast in light and dark', (_state, tone) => {
		expect(contrastRatio(tone.light.fg, tone.light.bg)).toBeGreaterThanOrEqual(4.5);
		expect(contrastRatio(tone.dark.fg, tone.dark.bg)).toBeGreaterThanOrEqual(4.5);
	});
});
