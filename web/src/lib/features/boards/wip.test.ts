import { describe, expect, it } from 'vitest';
import { errorFromBody, type ApiResult } from '$lib/api/result';
import {
	activeCount,
	parseWipLimit,
	wipConflictFor,
	wipConflictOf,
	wipLabel,
	wipQuestion,
	wipState,
	withWipOverride,
	type WipConflict
} from './wip';

const cards = (count: number, archived = 0) => [
	...Array.from({ length: count }, (_, i) => ({ id: `c${i}`, archived: false })),
	...Array.from({ length: archived }, (_, i) => ({ id: `a${i}`, archived: true }))
];
const column = (limit: number | null, count: number, archived = 0) => ({ id: 'doing', wip_limit: limit, cards: cards(count, archived) });

describe('wipState', () => {
	it('is plain under the limit, amber at it, red over it', () => {
		expect(wipState(column(null, 9))).toBe('none');
		expect(wipState(column(4, 3))).toBe('under');
		expect(wipState(column(4, 4))).toBe('at');
		expect(wipState(column(4, 5))).toBe('over');
	});

	it('labels the count with the limit', () => {
		expect(wipLabel(column(3, 2))).toBe('2 / 3');
		expect(wipLabel(column(null, 1, 1))).toBe('1');
	});

	it('counts only the cards that are not archived, as the server does', () => {
		expect(activeCount(column(4, 3, 2))).toBe(3);
		expect(wipState(column(4, 3, 2))).toBe('under');
		expect(activeCount(column(4, 3), 'c0')).toBe(2);
	});
});

describe('wipConflictFor', () => {
	it('is a conflict when one more card would exceed the limit', () => {
		expect(wipConflictFor(column(4, 3))).toBeNull();
		expect(wipConflictFor(column(4, 4))).toEqual({ columnId: 'doing', limit: 4, cards: 4 });
		expect(wipConflictFor(column(null, 40))).toBeNull();
	});

	it('never counts a card that is already in the column (a move within it)', () => {
		expect(wipConflictFor(column(4, 5), 'c1')).toBeNull();
		expect(wipConflictFor(column(4, 4), 'elsewhere')).toEqual({ columnId: 'doing', limit: 4, cards: 4 });
	});

	it('asks in words', () => {
		expect(wipQuestion('In progress', { limit: 4, cards: 4 })).toBe('In progress is full (4/4). Add anyway?');
		expect(wipQuestion('Done', { limit: 2, cards: 3 }, 'Move')).toBe('Done is full (3/2). Move anyway?');
	});
});

describe('wipConflictOf', () => {
	it("reads the server's 409 details", () => {
		const refusal = errorFromBody(409, {
			error: { code: 'conflict', message: 'full', details: { column_id: 'doing', wip_limit: 2, cards: 3 } }
		});
		expect(wipConflictOf(refusal)).toEqual({ columnId: 'doing', limit: 2, cards: 3 });
	});

	it('is null for other answers', () => {
		expect(wipConflictOf({ ok: true, data: 1 })).toBeNull();
		expect(wipConflictOf(errorFromBody(409, { error: { code: 'conflict', message: 'x', details: { cards: 2 } } }))).toBeNull();
		expect(wipConflictOf(errorFromBody(500, { error: { code: 'x', message: 'x', details: { column_id: 'a', wip_limit: 1, cards: 1 } } }))).toBeNull();
	});
});

describe('withWipOverride', () => {
	const refused = errorFromBody(409, {
		error: { code: 'conflict', message: 'full', details: { column_id: 'doing', wip_limit: 1, cards: 1 } }
	});
	const known: WipConflict = { columnId: 'doing', limit: 1, cards: 1 };

	function recorder(answers: ApiResult<string>[]) {
		const sent: boolean[] = [];
		const write = async (override: boolean) => {
			sent.push(override);
			return answers.shift() ?? { ok: true as const, data: 'saved' };
		};
		return { sent, write };
	}

	it('asks first about a conflict known here and sends the override', async () => {
		const { sent, write } = recorder([]);
		const asked: WipConflict[] = [];
		const result = await withWipOverride(write, async (c) => (asked.push(c), true), known);
		expect(result).toEqual({ ok: true, data: 'saved' });
		expect(asked).toEqual([known]);
		expect(sent).toEqual([true]);
	});

	it('sends nothing when the person declines', async () => {
		const { sent, write } = recorder([]);
		expect(await withWipOverride(write, async () => false, known)).toBe('declined');
		expect(sent).toEqual([]);
	});

	it("asks when only the server knew, then resends with the override", async () => {
		const { sent, write } = recorder([refused]);
		const asked: WipConflict[] = [];
		const result = await withWipOverride(write, async (c) => (asked.push(c), true), null);
		expect(result).toEqual({ ok: true, data: 'saved' });
		expect(asked).toEqual([known]);
		expect(sent).toEqual([false, true]);
	});

	it('passes other failures through without asking', async () => {
		const offline = errorFromBody(503, null);
		const { sent, write } = recorder([offline]);
		expect(await withWipOverride(write, async () => true, null)).toBe(offline);
		expect(sent).toEqual([false]);
	});
});

describe('parseWipLimit', () => {
	it('takes a whole number from 1, or empty for no limit', () => {
		expect(parseWipLimit(' 4 ')).toEqual({ limit: 4 });
		expect(parseWipLimit('')).toEqual({ limit: null });
		for (const bad of ['0', '-1', '2.5', 'four', '1e3', '10001']) expect(parseWipLimit(bad)).toHaveProperty('error');
	});
});
