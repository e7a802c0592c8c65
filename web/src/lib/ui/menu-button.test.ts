// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { focusEntry, menuKey, openingKey, pressedOutside } from './menu-button';

function menuOf(...labels: (string | { disabled: string })[]): HTMLElement {
	const menu = document.createElement('div');
	for (const label of labels) {
		const item = document.createElement('button');
		item.setAttribute('role', 'menuitem');
		if (typeof label === 'string') item.textContent = label;
		else {
			item.textContent = label.disabled;
			item.disabled = true;
		}
		menu.append(item);
	}
	document.body.append(menu);
	return menu;
}

const key = (name: string): KeyboardEvent => new KeyboardEvent('keydown', { key: name, cancelable: true });
const focused = (): string | null | undefined => document.activeElement?.textContent;

describe('menu button keys', () => {
	it('opens on the first item with Down and the last with Up', () => {
		expect(openingKey(key('ArrowDown'))).toBe('first');
		expect(openingKey(key('ArrowUp'))).toBe('last');
		expect(openingKey(key('a'))).toBeNull();
	});

	it('moves with wrapping, skips disabled items, and closes on Escape and Tab', () => {
		const menu = menuOf('Rename', { disabled: 'Delete' }, 'WIP limit…');
		focusEntry(menu, 'first');
		expect(focused()).toBe('Rename');
		const closed: boolean[] = [];
		menuKey(key('ArrowDown'), menu, (refocus) => closed.push(refocus));
		expect(focused()).toBe('WIP limit…');
		menuKey(key('ArrowDown'), menu, (refocus) => closed.push(refocus));
		expect(focused()).toBe('Rename');
		menuKey(key('End'), menu, (refocus) => closed.push(refocus));
		expect(focused()).toBe('WIP limit…');
		const escape = key('Escape');
		menuKey(escape, menu, (refocus) => closed.push(refocus));
		menuKey(key('Tab'), menu, (refocus) => closed.push(refocus));
		expect(closed).toEqual([true, false]);
		expect(escape.defaultPrevented).toBe(true);
	});

	it('knows a press outside the menu and its button', () => {
		const menu = menuOf('Rename');
		const button = document.createElement('button');
		document.body.append(button);
		const on = (target: EventTarget): Event => {
			const event = new Event('pointerdown', { bubbles: true });
			Object.defineProperty(event, 'target', { value: target });
			return event;
		};
		expect(pressedOutside(on(menu.firstElementChild!), menu, button)).toBe(false);
		expect(pressedOutside(on(button), menu, button)).toBe(false);
		expect(pressedOutside(on(document.body), menu, button)).toBe(true);
	});
});
