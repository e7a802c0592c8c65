import { describe, expect, it } from 'vitest';
import { filenameFromDisposition } from './content-disposition';

describe('filenameFromDisposition', () => {
	it('reads a quoted filename, as the server sends it', () => {
		expect(filenameFromDisposition('attachment; filename="sprint-14-checkout.csv"')).toBe('sprint-14-checkout.csv');
	});

	it('reads an unquoted filename', () => {
		expect(filenameFromDisposition('attachment; filename=board.json; size=12')).toBe('board.json');
	});

	it('prefers the percent-encoded filename*', () => {
		const header = `attachment; filename="fallback.json"; filename*=UTF-8''Caf%C3%A9%20plan.json`;
		expect(filenameFromDisposition(header)).toBe('Café plan.json');
	});

	it('falls back to filename when filename* is malformed', () => {
		expect(filenameFromDisposition(`attachment; filename*=UTF-8''%E0%A4%A; filename="ok.csv"`)).toBe('ok.csv');
	});

	it('unescapes quoted characters and drops folders', () => {
		expect(filenameFromDisposition('attachment; filename="a\\"b.csv"')).toBe('a"b.csv');
		expect(filenameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
	});

	it('returns null without a filename', () => {
		expect(filenameFromDisposition(null)).toBeNull();
		expect(filenameFromDisposition('attachment')).toBeNull();
		expect(filenameFromDisposition('attachment; filename=""')).toBeNull();
	});
});
