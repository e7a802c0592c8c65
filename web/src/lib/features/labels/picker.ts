/** The label picker's choices as pure functions: what the search shows, what it may create. */
import type { Label } from './api';
import { LABEL_COLORS, type LabelColor } from './palette';

/** The server's limits (boardfiles/model.py). */
export const MAX_LABEL_LENGTH = 50;
export const MAX_LABELS_PER_CARD = 20;

export type LabelOption = Pick<Label, 'name' | 'color'>;

/**
 * The project's labels and those the card carries (the list may not know them yet), narrowed to
 * the names holding the query (ignoring case): names starting with it first, then the rest, each
 * group in the given order.
 */
export function filterLabels(labels: readonly LabelOption[], query: string): LabelOption[] {
	const wanted = query.trim().toLowerCase();
	if (!wanted) return [...labels];
	const starting: LabelOption[] = [];
	const containing: LabelOption[] = [];
	for (const label of labels) {
		const name = label.name.toLowerCase();
		if (name.startsWith(wanted)) starting.push(label);
		else if (name.includes(wanted)) containing.push(label);
	}
	return [...starting, ...containing];
}

/** The project's labels plus any name the card carries that the list lacks (shown gray). */
export function withCardLabels(labels: readonly LabelOption[], carried: readonly string[], fallback: LabelColor): LabelOption[] {
	const known = new Set(labels.map((label) => label.name));
	const missing = carried.filter((name) => !known.has(name)).map((name) => ({ name, color: fallback }));
	return [...labels, ...missing];
}

/** Why `query` cannot become a new label, or null when it can ('' asks nothing: no message). */
export function createProblem(labels: readonly LabelOption[], query: string): string | null {
	const name = query.trim();
	if (!name) return '';
	if (name.length > MAX_LABEL_LENGTH) return `A label name has at most ${MAX_LABEL_LENGTH} characters.`;
	if (labels.some((label) => label.name === name)) return `“${name}” already exists.`;
	return null;
}

/** The name a create would use, or null when the query cannot be created. */
export function creatableName(labels: readonly LabelOption[], query: string): string | null {
	return createProblem(labels, query) === null ? query.trim() : null;
}

/** The card's labels with `name` added (at the end) or taken out. */
export function toggled(selected: readonly string[], name: string): string[] {
	return selected.includes(name) ? selected.filter((label) => label !== name) : [...selected, name];
}

/** A colour for a new label: the first the project does not use yet, else the least used. */
export function suggestColor(labels: readonly LabelOption[]): LabelColor {
	const choices = LABEL_COLORS.filter((color) => color !== 'gray' && color !== 'black');
	const uses = new Map<LabelColor, number>(choices.map((color) => [color, 0]));
	for (const label of labels) if (uses.has(label.color)) uses.set(label.color, (uses.get(label.color) ?? 0) + 1);
	return choices.reduce((best, color) => ((uses.get(color) ?? 0) < (uses.get(best) ?? 0) ? color : best), choices[0]);
}
