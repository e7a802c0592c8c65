/** Reading the Content-Disposition header of a downloaded file. */

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
