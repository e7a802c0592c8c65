/**
 * Where a card stands against its due date, as a pure function of the card, its column and the
 * time (handed in, so tests fix it).
 *
 * A due date without a time (the drawer's date field; stored as midnight UTC) names a whole day in
 * the reader's calendar: it is past only once that day is over, so "due today" is never red, and it
 * is "soon" from 24 hours before the day begins (due today or tomorrow). A due with a time (Trello's)
 * is past at that moment and "soon" in the 24 hours before it. A completed due date, or a card in a
 * column marked done, is "done" and never overdue.
 */
import type { Tone } from '$lib/features/labels/palette';

/** The card fields this needs; `due_done` is optional so older payloads fit too. */
export type DueFields = { due: string | null; due_done?: boolean };

export type DueState = 'none' | 'done' | 'overdue' | 'soon' | 'later';

export type DueOptions = { columnDone?: boolean; now?: Date };

export const SOON_MS = 24 * 60 * 60 * 1000;

/** Midnight UTC exactly: a date the person picked without a time. */
function isDateOnly(at: Date): boolean {
	return at.getUTCHours() === 0 && at.getUTCMinutes() === 0 && at.getUTCSeconds() === 0 && at.getUTCMilliseconds() === 0;
}

/** When the due "begins" (counting down to it) and when it is past. */
export function dueWindow(due: string): { start: Date; end: Date } | null {
	const at = new Date(due);
	if (Number.isNaN(at.getTime())) return null;
	if (!isDateOnly(at)) return { start: at, end: at };
	// The day it names, in local time: from its first moment to the first moment of the next day.
	const [year, month, day] = [at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()];
	return { start: new Date(year, month, day), end: new Date(year, month, day + 1) };
}

export function dueState(card: DueFields, options: DueOptions = {}): DueState {
	if (!card.due) return 'none';
	const span = dueWindow(card.due);
	if (!span) return 'none';
	if (card.due_done || options.columnDone) return 'done';
	const now = (options.now ?? new Date()).getTime();
	if (now >= span.end.getTime()) return 'overdue';
	return span.start.getTime() - now <= SOON_MS ? 'soon' : 'later';
}

/** What the badge says besides the date (colour alone must not carry the meaning). */
export const DUE_WORDS: Record<Exclude<DueState, 'none'>, string> = {
	overdue: 'Overdue',
	soon: 'Due soon',
	done: 'Done',
	later: 'Due'
};

/** Amber soon, red overdue, green done, neutral later: text/background pairs tested for AA contrast. */
export const DUE_TONES: Record<Exclude<DueState, 'none'>, Tone> = {
	soon: { light: { bg: '#fef3c7', fg: '#78350f' }, dark: { bg: '#78350f', fg: '#fef3c7' } },
	overdue: { light: { bg: '#fee2e2', fg: '#991b1b' }, dark: { bg: '#7f1d1d', fg: '#fee2e2' } },
	done: { light: { bg: '#dcfce7', fg: '#166534' }, dark: { bg: '#14532d', fg: '#dcfce7' } },
	later: { light: { bg: '#f1f5f9', fg: '#334155' }, dark: { bg: '#334155', fg: '#e2e8f0' } }
};

/** "Mar 4" this year, "Mar 4, 2027" another; a due with a time adds it ("Mar 4, 14:30"). */
export function formatDueDate(due: string, now: Date = new Date(), locale?: string): string {
	const span = dueWindow(due);
	if (!span) return due;
	const timed = span.start === span.end;
	const options: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' };
	if (span.start.getFullYear() !== now.getFullYear()) options.year = 'numeric';
	if (timed) Object.assign(options, { hour: '2-digit', minute: '2-digit' });
	return span.start.toLocaleString(locale, options);
}
