import { describe, expect, it } from 'vitest';
import { creatableName, createProblem, filterLabels, suggestColor, toggled, withCardLabels, type LabelOption } from './picker';

const labels: LabelOption[] = [
	{ name: 'Backend', color: 'blue' },
	{ name: 'bug', color: 'red' },
	{ name: 'Debugging', color: 'purple' },
	{ name: 'UX', color: 'pink' }
];
const names = (options: LabelOption[]): string[] => options.map((option) => option.name);

describe('filterLabels', () => {
	it('shows everything for an empty query', () => {
		expect(names(filterLabels(labels, '  '))).toEqual(['Backend', 'bug', 'Debugging', 'UX']);
	});

	it('ignores case and puts names starting with the query first', () => {
		expect(names(filterLabels(labels, 'BUG'))).toEqual(['bug', 'Debugging']);
		expect(names(filterLabels(labels, 'u'))).toEqual(['UX', 'bug', 'Debugging']);
	});

	it('finds nothing when nothing holds the query', () => {
		expect(filterLabels(labels, 'zzz')).toEqual([]);
	});
});

describe('creating a label from the search', () => {
	it('offers the trimmed query as a new name', () => {
		expect(creatableName(labels, '  urgent ')).toBe('urgent');
		expect(createProblem(labels, 'urgent')).toBeNull();
	});

	it('does not offer an existing name, an empty one or a too long one', () => {
		expect(creatableName(labels, 'bug')).toBeNull();
		expect(createProblem(labels, 'bug')).toBe('“bug” already exists.');
		expect(createProblem(labels, '   ')).toBe('');
		expect(createProblem(labels, 'x'.repeat(51))).toMatch(/at most 50/);
		// The server tells "Bug" from "bug": a name differing in case is a new label.
		expect(creatableName(labels, 'Bug')).toBe('Bug');
	});

	it('suggests a colour the project does not use yet', () => {
		expect(suggestColor([])).toBe('green');
		expect(suggestColor([{ name: 'a', color: 'green' }])).toBe('yellow');
		expect(suggestColor(labels)).toBe('green');
	});
});

describe('the card’s selection', () => {
	it('toggles a name in or out, keeping the order', () => {
		expect(toggled(['a', 'b'], 'c')).toEqual(['a', 'b', 'c']);
		expect(toggled(['a', 'b', 'c'], 'b')).toEqual(['a', 'c']);
	});

	it('lists the card’s names the project list lacks, in the fallback colour', () => {
		expect(withCardLabels(labels.slice(0, 1), ['Backend', 'legacy'], 'gray')).toEqual([
			{ name: 'Backend', color: 'blue' },
			{ name: 'legacy', color: 'gray' }
		]);
	});
});
