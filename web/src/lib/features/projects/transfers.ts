/** The pure parts of importing and exporting board files. Formats: docs/board-formats.md. */

export type ImportFormat = 'trello' | 'csv' | 'json';
export type ExportFormat = 'json' | 'csv';

export const IMPORT_FORMATS: readonly { value: ImportFormat; label: string; contentType: string }[] = [
	{ value: 'trello', label: 'Trello JSON', contentType: 'application/json' },
	{ value: 'csv', label: 'CSV', contentType: 'text/csv' },
	{ value: 'json', label: 'ProjectFlow JSON', contentType: 'application/json' }
];

export function contentTypeOf(format: ImportFormat): string {
	return IMPORT_FORMATS.find((option) => option.value === format)?.contentType ?? 'application/octet-stream';
}

/** A CSV board's name when the person gives none: the file name without its extension. */
export function defaultBoardName(fileName: string): string {
	const stem = fileName.replace(/\.[^.]+$/, '').trim();
	return (stem || fileName.trim()).slice(0, 200);
}

/** The likeliest format for a picked file, so the select follows the file. */
export function guessFormat(fileName: string, current: ImportFormat): ImportFormat {
	if (/\.csv$/i.test(fileName)) return 'csv';
	if (/\.json$/i.test(fileName) && current === 'csv') return 'json';
	return current;
}

/** What a succeeded import job reports in its `result`: the new board and how many cards it got. */
export type ImportedBoard = { boardId: string; name: string; cards: number };

export function importedBoard(result: Record<string, unknown> | null): ImportedBoard | null {
	if (typeof result?.board_id !== 'string') return null;
	const name = typeof result.name === 'string' ? result.name : 'the new board';
	const cards = typeof result.cards === 'number' ? result.cards : 0;
	return { boardId: result.board_id, name, cards };
}

/** The file a succeeded export job made (`result.file`), or null. */
export function exportedFilename(result: Record<string, unknown> | null): string | null {
	const file = result?.file as { filename?: unknown } | null | undefined;
	return typeof file?.filename === 'string' ? file.filename : null;
}

/** "1 card", "3,000 cards". */
export function cardCount(cards: number, locale?: string): string {
	return `${cards.toLocaleString(locale)} ${cards === 1 ? 'card' : 'cards'}`;
}
