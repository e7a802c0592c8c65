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

/**
 * The file name in a Content-Disposition header, or null. RFC 6266: `filename*` (RFC 5987,
 * percent-encoded) wins over `filename`; any folder part is dropped so a download stays a name.
 */
export function filenameFromDisposition(header: string | null | undefined): string | null {
	if (!header) return null;
	const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
	if (extended) {
		const decoded = decodeExtended(extended[2].trim());
		if (decoded) return baseName(decoded);
	}
	const plain = /filename\s*=\s*("((?:\\.|[^"\\])*)"|[^;]+)/i.exec(header);
	if (!plain) return null;
	const value = plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1].trim();
	return value ? baseName(value) : null;
}

function decodeExtended(value: string): string | null {
	try {
		return decodeURIComponent(value.replace(/^"|"$/g, ''));
	} catch {
		return null;
	}
}

function baseName(path: string): string | null {
	const name = path.split(/[/\\]/).pop()?.trim() ?? '';
	return name || null;
}
