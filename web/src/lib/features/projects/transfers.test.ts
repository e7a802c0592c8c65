import { describe, expect, it } from 'vitest';
import { contentTypeOf, defaultBoardName, guessFormat } from './transfers';

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
