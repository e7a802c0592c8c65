/**
 * A textarea bound to a shared Yjs text: typing becomes the smallest edit of the text, others'
 * edits come into the textarea with the caret kept where it was in the words around it.
 *
 * Indexes are UTF-16 code units, as both the textarea and Yjs count; an edit is never cut
 * inside a character (half of an emoji's surrogate pair): yrs, on the server, splits such a
 * pair differently from Yjs, and the document would then read differently on each side.
 */
import * as Y from 'yjs';

export type Splice = { index: number; remove: number; insert: string };
type DeltaPart = { retain?: number; insert?: unknown; delete?: number };

function isLowSurrogate(code: number): boolean {
	return code >= 0xdc00 && code <= 0xdfff;
}

/** The smallest splice that turns `before` into `after` (null when equal), on character
 * boundaries. */
export function diff(before: string, after: string): Splice | null {
	if (before === after) return null;
	let start = 0;
	const shortest = Math.min(before.length, after.length);
	while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
	let end = 0;
	while (
		end < shortest - start &&
		before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
	)
		end++;
	// Never start or end inside a surrogate pair: widen to the whole character.
	if (start > 0 && isLowSurrogate(before.charCodeAt(start))) start--;
	if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
	return { index: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}

/** Where `index` lands once `delta` (a Yjs text change made by someone else) is applied: text
 * inserted before it pushes it on, text deleted before it pulls it back; an insert right at it
 * leaves it in front of the new text. */
export function mapIndex(index: number, delta: DeltaPart[]): number {
	let at = 0; // in the text before the change
	let mapped = index;
	for (const part of delta) {
		if (at >= index) break;
		if (part.retain) at += part.retain;
		else if (typeof part.insert === 'string') mapped += part.insert.length;
		else if (part.delete) {
			mapped -= Math.min(part.delete, index - at);
			at += part.delete;
		}
	}
	return mapped;
}

/** Apply a splice to shared text as one transaction with `origin`. */
export function applySplice(text: Y.Text, splice: Splice, origin: unknown): void {
	text.doc!.transact(() => {
		if (splice.remove > 0) text.delete(splice.index, splice.remove);
		if (splice.insert) text.insert(splice.index, splice.insert);
	}, origin);
}

/**
 * Keep `textarea` and `text` the same until the returned function is called: the textarea's
 * input edits the text; the text's changes from elsewhere rewrite the textarea (caret and
 * selection mapped through them). `oncaret` hears the caret's index as it moves.
 */
export function bindTextarea(textarea: HTMLTextAreaElement, text: Y.Text, oncaret: (index: number) => void): () => void {
	const origin = {};
	textarea.value = text.toString();
	let shown = textarea.value;
	const input = () => {
		const splice = diff(shown, textarea.value);
		shown = textarea.value;
		if (splice) applySplice(text, splice, origin);
		oncaret(textarea.selectionStart);
	};
	const observer = (event: Y.YTextEvent, transaction: Y.Transaction) => {
		if (transaction.origin === origin) return;
		const delta = event.delta as DeltaPart[];
		const focused = document.activeElement === textarea;
		const [start, end] = [mapIndex(textarea.selectionStart, delta), mapIndex(textarea.selectionEnd, delta)];
		textarea.value = shown = text.toString();
		if (focused) textarea.setSelectionRange(start, end);
	};
	const caret = () => oncaret(textarea.selectionStart);
	textarea.addEventListener('input', input);
	textarea.addEventListener('keyup', caret);
	textarea.addEventListener('click', caret);
	text.observe(observer);
	return () => {
		textarea.removeEventListener('input', input);
		textarea.removeEventListener('keyup', caret);
		textarea.removeEventListener('click', caret);
		text.unobserve(observer);
	};
}
