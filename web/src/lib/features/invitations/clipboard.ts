/** The part of the Clipboard API used here (tests hand in their own). */
export type TextClipboard = Pick<Clipboard, 'writeText'>;

function browserClipboard(): TextClipboard | undefined {
	return typeof navigator === 'undefined' ? undefined : navigator.clipboard;
}

/**
 * Copies `text`; false when the browser will not (no Clipboard API outside a secure context, or
 * permission refused), so the caller offers the text selected for Ctrl+C instead.
 */
export async function copyText(text: string, clipboard: TextClipboard | undefined = browserClipboard()): Promise<boolean> {
	if (!clipboard) return false;
	try {
		await clipboard.writeText(text);
		return true;
	} catch {
		return false;
	}
}
