import { describe, expect, it } from 'vitest';
import { isTypingTarget, shortcutFor, SHORTCUTS, type ShortcutKey } from './shortcuts';

const editor = { canEdit: true, modalOpen: false };
const viewer = { canEdit: false, modalOpen: false };

function press(key: string, extra: Partial<ShortcutKey> = {}): ShortcutKey {
	return { key, altKey: false, ctrlKey: false, metaKey: false, target: { tagName: 'BODY' } as unknown as EventTarget, ...extra };
}

const inField = (tagName: string) => ({ target: { tagName } as unknown as EventTarget });

describe('shortcutFor', () => {
	it('maps / to search, ? to help and n to a new card', () => {
		expect(shortcutFor(press('/'), editor)).toBe('focus-search');
		expect(shortcutFor(press('?'), editor)).toBe('open-help');
		expect(shortcutFor(press('n'), editor)).toBe('focus-new-card');
	});

	it('gives n to editors only', () => {
		expect(shortcutFor(press('n'), viewer)).toBeNull();
		expect(shortcutFor(press('/'), viewer)).toBe('focus-search');
		expect(shortcutFor(press('?'), viewer)).toBe('open-help');
	});

	it('ignores keys typed into inputs, textareas, selects and editable elements', () => {
		for (const tag of ['INPUT', 'TEXTAREA', 'SELECT', 'input']) {
			expect(shortcutFor(press('/', inField(tag)), editor)).toBeNull();
			expect(shortcutFor(press('n', inField(tag)), editor)).toBeNull();
			expect(shortcutFor(press('?', inField(tag)), editor)).toBeNull();
		}
		const editable = { target: { tagName: 'DIV', isContentEditable: true } as unknown as EventTarget };
		expect(shortcutFor(press('/', editable), editor)).toBeNull();
	});

	it('passes Escape through even while typing or with a dialog open', () => {
		expect(shortcutFor(press('Escape', inField('INPUT')), editor)).toBe('escape');
		expect(shortcutFor(press('Escape'), { canEdit: false, modalOpen: true })).toBe('escape');
	});

	it('ignores everything but Escape while a dialog or drawer is open', () => {
		const open = { canEdit: true, modalOpen: true };
		expect(shortcutFor(press('/'), open)).toBeNull();
		expect(shortcutFor(press('?'), open)).toBeNull();
		expect(shortcutFor(press('n'), open)).toBeNull();
	});

	it('leaves modifier combinations, other keys and handled events alone', () => {
		expect(shortcutFor(press('/', { ctrlKey: true }), editor)).toBeNull();
		expect(shortcutFor(press('n', { metaKey: true }), editor)).toBeNull();
		expect(shortcutFor(press('n', { altKey: true }), editor)).toBeNull();
		expect(shortcutFor(press('N'), editor)).toBeNull();
		expect(shortcutFor(press('x'), editor)).toBeNull();
		expect(shortcutFor(press('Enter'), editor)).toBeNull();
		expect(shortcutFor(press('/', { defaultPrevented: true }), editor)).toBeNull();
		expect(shortcutFor(press('/', { isComposing: true }), editor)).toBeNull();
	});
});

describe('isTypingTarget', () => {
	it('knows form fields from other elements', () => {
		expect(isTypingTarget(null)).toBe(false);
		expect(isTypingTarget({ tagName: 'BUTTON' } as unknown as EventTarget)).toBe(false);
		expect(isTypingTarget({ tagName: 'LI' } as unknown as EventTarget)).toBe(false);
		expect(isTypingTarget({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true);
	});
});

describe('SHORTCUTS', () => {
	it('lists every shortcut the help dialog promises', () => {
		expect(SHORTCUTS.map((shortcut) => shortcut.keys)).toEqual(['/', 'n', '?', 'Escape', 'Enter', 'Alt + Arrow keys']);
	});
});
