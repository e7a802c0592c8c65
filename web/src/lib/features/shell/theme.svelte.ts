import { readJson, writeJson, type KeyValueStorage } from './storage';

/** Kept in step with the inline script in app.html, which applies the choice before first paint. */
export const THEME_KEY = 'projectflow.theme';

export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

function isChoice(value: unknown): value is ThemeChoice {
	return THEME_CHOICES.includes(value as ThemeChoice);
}

/**
 * Light, dark, or whatever the system prefers (the default). A forced choice is a class on the
 * root element (`.light` or `.dark`); the `dark:` variant in layout.css reads it before the
 * system's preference.
 */
export class ThemeState {
	choice = $state<ThemeChoice>('system');
	readonly #storage: KeyValueStorage | null;
	readonly #root: Pick<Element, 'classList'> | null;

	constructor(storage: KeyValueStorage | null, root: Pick<Element, 'classList'> | null) {
		this.#storage = storage;
		this.#root = root;
		const stored = readJson(storage, THEME_KEY);
		this.choice = isChoice(stored) ? stored : 'system';
	}

	choose(choice: ThemeChoice): void {
		this.choice = choice;
		writeJson(this.#storage, THEME_KEY, choice);
		this.#root?.classList.toggle('light', choice === 'light');
		this.#root?.classList.toggle('dark', choice === 'dark');
	}
}
