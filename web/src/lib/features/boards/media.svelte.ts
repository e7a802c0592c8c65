/** Media queries the board adapts to (reactive: a rotated tablet or a docked laptop updates). */
import { MediaQuery } from 'svelte/reactivity';

/** No hover and a coarse pointer: a phone or tablet. No keyboard-shortcut hints there. */
export const touchDevice = new MediaQuery('(hover: none) and (pointer: coarse)');

/** A mouse or touchpad is the primary pointer: HTML5 drag and drop; else long-press drag. */
export const finePointer = new MediaQuery('(pointer: fine)');

/** Narrower than Tailwind's `sm`: the filters move behind a button. */
export const narrowScreen = new MediaQuery('(max-width: 639.98px)');
