import { describe, expect, it } from 'vitest';
import { addUsd, formatUsd, percentSpent, plainAmount, readAmount, toMicros } from './money';

describe('money', () => {
	it('adds decimal strings exactly (no floating point)', () => {
		expect(addUsd('0.1', '0.2')).toBe('0.30');
		expect(addUsd('0.000150', '0.000200')).toBe('0.00035');
		expect(addUsd('12', '0')).toBe('12.00');
		expect(toMicros('bad')).toBeNull();
	});

	it('words amounts as the server does: four decimals under a dollar (rounded up), cents from one', () => {
		expect(formatUsd('0')).toBe('$0.0000');
		expect(formatUsd('0.000001')).toBe('$0.0001');
		expect(formatUsd('0.0123')).toBe('$0.0123');
		expect(formatUsd('12.345')).toBe('$12.35');
		expect(formatUsd('1234.5')).toBe('$1,234.50');
		expect(formatUsd(null)).toBe('$0.0000');
	});

	it('shows a stored amount plainly in a form field', () => {
		expect([plainAmount('5.0000'), plainAmount('1.5000'), plainAmount('10'), plainAmount(null)]).toEqual(['5', '1.5', '10', '']);
	});

	it('says how much of a limit is spent, 0 without one and at most 100', () => {
		expect(percentSpent('2.5', '10')).toBe(25);
		expect(percentSpent('12', '10')).toBe(100);
		expect(percentSpent('3', null)).toBe(0);
	});

	it('reads a typed limit: blank is none, a $ is fine, a bad or zero amount says what to type', () => {
		expect(readAmount('  ')).toEqual({ ok: true, value: null });
		expect(readAmount('$2.5')).toEqual({ ok: true, value: '2.50' });
		expect(readAmount('0.0001')).toEqual({ ok: true, value: '0.0001' });
		expect(readAmount('0')).toMatchObject({ ok: false, message: expect.stringContaining('above zero') });
		expect(readAmount('0', { allowZero: true })).toEqual({ ok: true, value: '0.00' });
		expect(readAmount('1.23456')).toMatchObject({ ok: false, message: expect.stringContaining('dollars') });
		expect(readAmount('-1')).toMatchObject({ ok: false });
		expect(readAmount('20000', { allowZero: true, max: 10_000 })).toEqual({ ok: false, message: 'Enter at most $10,000.' });
	});
});
