import { describe, expect, it } from 'vitest';
import { contentTypeOf, defaultBoardName, earlierImportOf, importBoardName, kindOfFile, kindOfHead } from './transfers';

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

describe('telling a file by its content', () => {
	it('takes a JSON object for a JSON export, whatever the file is called', async () => {
		expect(kindOfHead('{"id": "65e0c3", "name": "Sprint"}')).toBe('json');
		expect(kindOfHead('\uFEFF\n  {"format": "projectflow.board"}')).toBe('json');
		expect(await kindOfFile(new Blob(['  {"name": "x"}']))).toBe('json');
	});

	it('takes anything else for CSV, as the server does', async () => {
		expect(kindOfHead('title,description\nShip it,\n')).toBe('csv');
		expect(await kindOfFile(new Blob(['\uFEFFtitle\nShip it\n']))).toBe('csv');
	});

	it('sends CSV as text/csv and JSON as JSON', () => {
		expect(contentTypeOf('csv')).toBe('text/csv');
		expect(contentTypeOf('json')).toBe('application/json');
	});
});

describe('importBoardName', () => {
	it('is what was typed', () => {
		expect(importBoardName('csv', '  Roadmap ', 'Q3.csv')).toBe('Roadmap');
		expect(importBoardName('json', 'Copy of sprint', 'trello.json')).toBe('Copy of sprint');
	});

	it("is a CSV file's name when none was typed", () => {
		expect(importBoardName('csv', '', 'Q3 roadmap.csv')).toBe('Q3 roadmap');
	});

	it('is left to a JSON export, which names its board', () => {
		expect(importBoardName('json', ' ', 'trello.json')).toBeUndefined();
	});
});

describe('earlierImportOf', () => {
	const refusal = (details: unknown) => ({
		ok: false as const,
		status: 409,
		code: 'board_already_imported',
		message: 'This board was imported into the project before.',
		details
	});

	it('reads the board the Trello board was imported as', () => {
		expect(earlierImportOf(refusal({ board_id: 'b1', board_name: 'Sprint 14' }))).toEqual({
			boardId: 'b1',
			boardName: 'Sprint 14'
		});
	});

	it('is null for any other answer', () => {
		expect(earlierImportOf({ ok: true, data: {} })).toBeNull();
		expect(earlierImportOf({ ok: false, status: 409, code: 'conflict', message: 'x' })).toBeNull();
		expect(earlierImportOf(refusal(null))).toBeNull();
	});
});
