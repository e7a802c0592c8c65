import { describe, expect, it } from 'vitest';
import { contentTypeOf, defaultBoardName, filenameFromDisposition, guessFormat } from './transfers';

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

describe('defaultBoardName', () => {
	it('drops the extension', () => {
		expect(defaultBoardName('Q3 roadmap.csv')).toBe('Q3 roadmap');
		expect(defaultBoardName('archive.2024.csv')).toBe('archive.2024');
	});

	it('keeps a name that is only an extension', () => {
		expect(defaultBoardName('.csv')).toBe('.csv');
	});

	it('fits the server limit of 200 characters', () => {
		expect(defaultBoardName(`${'x'.repeat(300)}.csv`)).toHaveLength(200);
	});
});

describe('guessFormat', () => {
	it('picks CSV for .csv files', () => {
		expect(guessFormat('cards.CSV', 'trello')).toBe('csv');
	});

	it('keeps the chosen JSON flavour for .json files', () => {
		expect(guessFormat('board.json', 'trello')).toBe('trello');
		expect(guessFormat('board.json', 'json')).toBe('json');
		expect(guessFormat('board.json', 'csv')).toBe('json');
	});
});

describe('contentTypeOf', () => {
	it('sends CSV as text/csv and the JSON formats as JSON', () => {
		expect(contentTypeOf('csv')).toBe('text/csv');
		expect(contentTypeOf('trello')).toBe('application/json');
		expect(contentTypeOf('json')).toBe('application/json');
	});
});
