/**
 * An open-or-closed menu behind a button, with the menu-button keyboard (./menu-button.ts):
 * components bind `button` and `menu` and hand their events to it.
 */
import { tick } from 'svelte';
import { focusEntry, menuKey, openingKey, pressedOutside } from './menu-button';

export class MenuButton {
	open = $state(false);
	button = $state<HTMLButtonElement>();
	menu = $state<HTMLElement>();
	readonly #beforeOpen: () => void;

	/** `beforeOpen`: e.g. place the menu next to the button. */
	constructor(beforeOpen: () => void = () => {}) {
		this.#beforeOpen = beforeOpen;
	}

	show = async (focus: 'first' | 'last'): Promise<void> => {
		this.#beforeOpen();
		this.open = true;
		await tick();
		focusEntry(this.menu, focus);
	};

	hide = (refocus: boolean): void => {
		this.open = false;
		if (refocus) this.button?.focus();
	};

	toggle = (): void => {
		if (this.open) this.hide(false);
		else void this.show('first');
	};

	buttonKeydown = (event: KeyboardEvent): void => {
		const start = openingKey(event);
		if (start) void this.show(start);
	};

	menuKeydown = (event: KeyboardEvent): void => menuKey(event, this.menu, this.hide);

	/** A press anywhere else closes it. */
	outside = (event: Event): void => {
		if (this.open && pressedOutside(event, this.menu, this.button)) this.hide(false);
	};
}
