/** The pure parts of importing and exporting board files. Formats: docs/board-formats.md. */
import type { ApiResult } from '$lib/api/result';

export type ExportFormat = 'json' | 'csv';

/**
 * What a picked file looks like, as the server tells it (boardfiles/detect.py): a JSON object
 * (a Trello or a ProjectFlow export, which name their board) or anything else (CSV, which does not).
 */
export type FileKind = 'json' | 'csv';

const BOM = '\uFEFF';
/** Enough of the file to see where its content starts. */
const HEAD_BYTES = 4096;

export function kindOfHead(head: string): FileKind {
	const start = head.replace(BOM, '').trimStart()[0];
	return start === '{' || start === '[' ? 'json' : 'csv';
}

export async function kindOfFile(file: Blob): Promise<FileKind> {
	return kindOfHead(await file.slice(0, HEAD_BYTES).text());
}

export function contentTypeOf(kind: FileKind): string {
	return kind === 'csv' ? 'text/csv' : 'application/json';
}

/** A CSV board's name when the person gives none: the file name without its extension. */
export function defaultBoardName(fileName: string): string {
	const stem = fileName.replace(/\.[^.]+$/, '').trim();
	return (stem || fileName.trim()).slice(0, 200);
}

/**
 * The name to send: what the person typed; else, for a CSV file (which names no board), the file's
 * name; else none, and the board keeps the name its export gives it.
 */
export function importBoardName(kind: FileKind, typed: string, fileName: string): string | undefined {
	const name = typed.trim();
	if (name) return name.slice(0, 200);
	return kind === 'csv' ? defaultBoardName(fileName) : undefined;
}

/** The project already has a board imported from this Trello board (409 `board_already_imported`). */
export type EarlierImport = { boardId: string; boardName: string };

export function earlierImportOf(result: ApiResult<unknown>): EarlierImport | null {
	if (result.ok || result.code !== 'board_already_imported') return null;
	const details = result.details as { board_id?: unknown; board_name?: unknown } | undefined;
	if (typeof details?.board_id !== 'string') return null;
	const boardName = typeof details.board_name === 'string' ? details.board_name : 'another board';
	return { boardId: details.board_id, boardName };
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
