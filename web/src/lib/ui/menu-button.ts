/**
 * The keyboard of a menu button (WAI-ARIA menu button pattern), shared by every menu: Enter,
 * Space or Down on the button opens the menu on its first item, Up on its last; inside, the
 * arrows, Home and End move (wrapping); Escape closes it — and only it — giving the focus back
 * to the button; Tab closes it and lets the focus move on.
 */

/** The menu's items in order, without disabled ones. */
export function menuEntries(menu: HTMLElement | undefined): HTMLElement[] {
	return [...(menu?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([disabled])') ?? [])];
}

/** Focus the first or the last item (once the menu is on screen). */
export function focusEntry(menu: HTMLElement | undefined, which: 'first' | 'last'): void {
	const all = menuEntries(menu);
	(which === 'first' ? all[0] : all.at(-1))?.focus();
}

/** Down or Up on the closed menu's button: where the opened menu starts, else null. */
export function openingKey(event: KeyboardEvent): 'first' | 'last' | null {
	if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return null;
	event.preventDefault();
	return event.key === 'ArrowDown' ? 'first' : 'last';
}

/** A key inside the open menu; `hide(refocus)` closes it. */
export function menuKey(event: KeyboardEvent, menu: HTMLElement | undefined, hide: (refocus: boolean) => void): void {
	const all = menuEntries(menu);
	const at = all.indexOf(document.activeElement as HTMLElement);
	const go = (index: number): void => {
		event.preventDefault();
		all[(index + all.length) % all.length]?.focus();
	};
	if (event.key === 'ArrowDown') go(at + 1);
	else if (event.key === 'ArrowUp') go(at - 1);
	else if (event.key === 'Home') go(0);
	else if (event.key === 'End') go(all.length - 1);
	else if (event.key === 'Escape') {
		event.preventDefault();
		event.stopPropagation();
		hide(true);
	} else if (event.key === 'Tab') hide(false);
}

/** A press that landed on none of `inside` (the menu, its button): it closes the menu. */
export function pressedOutside(event: Event, ...inside: (HTMLElement | undefined)[]): boolean {
	const target = event.target as Node | null;
	return target !== null && !inside.some((element) => element?.contains(target));
}
