import { describe, expect, it } from 'vitest';
import { ThemeState } from './theme.svelte';
import { MemoryStorage } from './test-storage';

function root(): { classList: DOMTokenList; classes: Set<string> } {
	const classes = new Set<string>();
	const classList = {
		toggle: (name: string, force?: boolean) => {
			const on = force ?? !classes.has(name);
			if (on) classes.add(name);
			else classes.delete(name);
			return on;
		}
	} as DOMTokenList;
	return { classList, classes };
}

describe('ThemeState', () => {
	it('follows the system until told otherwise', () => {
		expect(new ThemeState(new MemoryStorage(), null).choice).toBe('system');
	});

	it('puts the forced theme on the root element, and only that one', () => {
		const element = root();
		const theme = new ThemeState(new MemoryStorage(), element);
		theme.choose('dark');
		expect([...element.classes]).toEqual(['dark']);
		theme.choose('light');
		expect([...element.classes]).toEqual(['light']);
		theme.choose('system');
		expect([...element.classes]).toEqual([]);
	});

	it('remembers the choice in the form app.html reads', () => {
		const storage = new MemoryStorage();
		new ThemeState(storage, null).choose('dark');
		expect(storage.getItem('projectflow.theme')).toBe('"dark"');
		expect(new ThemeState(storage, null).choice).toBe('dark');
	});

	it('ignores an unknown stored value', () => {
		const storage = new MemoryStorage();
		storage.setItem('projectflow.theme', '"sepia"');
		expect(new ThemeState(storage, null).choice).toBe('system');
	});
});
