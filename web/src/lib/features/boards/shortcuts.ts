/**
 * Board keyboard shortcuts: which key does what, decided without touching the DOM so it can be
 * tested on its own. The board view acts on the answer.
 */

export type ShortcutAction = 'focus-search' | 'focus-new-card' | 'open-help' | 'escape';

/** What the decision needs from a keydown event (a real KeyboardEvent fits). */
export type ShortcutKey = {
	key: string;
	altKey: boolean;
	ctrlKey: boolean;
	metaKey: boolean;
	target: EventTarget | null;
	defaultPrevented?: boolean;
	isComposing?: boolean;
};

export type ShortcutContext = {
	/** May the caller add cards? `n` is for editors only. */
	canEdit: boolean;
	/** A dialog or drawer is open: only Escape is passed through. */
	modalOpen: boolean;
};

/** Shown in the help dialog; the last three are handled by the cards and the drawer themselves. */
export const SHORTCUTS: ReadonlyArray<{ keys: string; description: string; editorsOnly?: boolean }> = [
	{ keys: '/', description: 'Search cards' },
	{ keys: 'n', description: 'Add a card to the first column', editorsOnly: true },
	{ keys: '?', description: 'Show keyboard shortcuts' },
	{ keys: 'Escape', description: 'Close the card drawer or dialog' },
	{ keys: 'Enter', description: 'Open the focused card' },
	{ keys: 'Alt + Arrow keys', description: 'Move the focused card between and within columns', editorsOnly: true }
];

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** True while the user is typing into a form field or an editable element. */
export function isTypingTarget(target: EventTarget | null): boolean {
	const element = target as { tagName?: unknown; isContentEditable?: unknown } | null;
	if (!element || typeof element.tagName !== 'string') return false;
	return TYPING_TAGS.has(element.tagName.toUpperCase()) || element.isContentEditable === true;
}

/** The action for a key press, or null to leave the key alone. */
export function shortcutFor(event: ShortcutKey, context: ShortcutContext): ShortcutAction | null {
	if (event.defaultPrevented || event.isComposing) return null;
	if (event.key === 'Escape') return 'escape';
	// Ctrl/Cmd/Alt combinations belong to the browser, the OS or the cards (Alt+Arrows).
	if (event.altKey || event.ctrlKey || event.metaKey) return null;
	if (context.modalOpen || isTypingTarget(event.target)) return null;
	switch (event.key) {
		case '/':
			return 'focus-search';
		case '?':
			return 'open-help';
		case 'n':
			return context.canEdit ? 'focus-new-card' : null;
		default:
			return null;
	}
}
