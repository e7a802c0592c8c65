/**
 * Dollar amounts as the API sends them: decimal strings ("0.001234"). Sums are done in whole
 * millionths of a dollar (the server rounds each call's cost to one), never in floating point.
 */

const MICROS = 1_000_000n;
const DECIMAL = /^\s*(\d+)(?:\.(\d*))?\s*$/;

/** "0.0123" → 12300n millionths; null for anything that is not a plain non-negative decimal. */
export function toMicros(amount: string | number | null | undefined): bigint | null {
	if (amount === null || amount === undefined) return null;
	const match = DECIMAL.exec(String(amount));
	if (!match) return null;
	const fraction = (match[2] ?? '').slice(0, 6).padEnd(6, '0');
	return BigInt(match[1]) * MICROS + BigInt(fraction);
}

/** 12300n → "0.0123" (no trailing zeros beyond the cents). */
export function fromMicros(micros: bigint): string {
	const whole = micros / MICROS;
	const fraction = (micros % MICROS).toString().padStart(6, '0').replace(/0+$/, '');
	return `${whole}.${fraction.padEnd(2, '0')}`;
}

export function addUsd(a: string, b: string): string {
	return fromMicros((toMicros(a) ?? 0n) + (toMicros(b) ?? 0n));
}

/** As the server words amounts: "$0.0123" under a dollar, "$12.34" (with thousands) from one. */
export function formatUsd(amount: string | null | undefined): string {
	const micros = toMicros(amount) ?? 0n;
	if (micros < MICROS) {
		// Up to four decimals, rounded up like the server rounds costs: a cost is never shown as $0.0000.
		const tenThousandths = (micros + 99n) / 100n;
		return `$0.${tenThousandths.toString().padStart(4, '0')}`;
	}
	const cents = (micros + 5_000n) / 10_000n;
	const dollars = Number(cents / 100n).toLocaleString('en-US');
	return `$${dollars}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/** How much of `limit` is spent, as a whole percent 0–100 (0 without a limit). */
export function percentSpent(spent: string, limit: string | null): number {
	const cap = toMicros(limit);
	if (!cap) return 0;
	const used = toMicros(spent) ?? 0n;
	return Number(used >= cap ? 100n : (used * 100n) / cap);
}

export type AmountField = { ok: true; value: string | null } | { ok: false; message: string };

/**
 * A dollar field as typed: blank is null (no limit), else an amount with at most four decimals
 * ("2", "2.5", "$0.25"), above zero unless `allowZero`, at most `max`. The server checks again.
 */
export function readAmount(typed: string, { allowZero = false, max = 1_000_000 } = {}): AmountField {
	const text = typed.trim().replace(/^\$/, '').trim();
	if (text === '') return { ok: true, value: null };
	const match = DECIMAL.exec(text);
	if (!match || (match[2] ?? '').length > 4) return { ok: false, message: 'Enter an amount in dollars, such as 5 or 0.25.' };
	const micros = toMicros(text) ?? 0n;
	if (micros === 0n && !allowZero) return { ok: false, message: 'Enter an amount above zero, or leave it empty for no limit.' };
	if (micros > BigInt(max) * MICROS) return { ok: false, message: `Enter at most $${max.toLocaleString('en-US')}.` };
	return { ok: true, value: fromMicros(micros) };
}

/** 12345 → "12,345". */
export function formatTokens(count: number): string {
	return count.toLocaleString('en-US');
}

/** An amount for a form field: "5.0000" → "5", "1.5000" → "1.5"; null → "". */
export function plainAmount(amount: string | null | undefined): string {
	if (amount === null || amount === undefined) return '';
	return /\./.test(amount) ? amount.replace(/0+$/, '').replace(/\.$/, '') : amount;
}
