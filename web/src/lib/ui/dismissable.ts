import type { Attachment } from 'svelte/attachments';

/**
 * Close a popup (`close`) when the pointer presses outside `node`, when focus leaves it, or on
 * Escape (`refocus` is then true: focus goes back to the control that opened it). Attach it to
 * the element holding both the control and the popup, so the control keeps its own toggle.
 */
export function dismissable(close: (refocus: boolean) => void): Attachment<HTMLElement> {
	return (node) => {
		const outside = (target: EventTarget | null): boolean => !(target instanceof Node && node.contains(target));
		const onPointerDown = (event: PointerEvent): void => {
			if (outside(event.target)) close(false);
		};
		const onFocusOut = (event: FocusEvent): void => {
			if (event.relatedTarget && outside(event.relatedTarget)) close(false);
		};
		const onKeyDown = (event: KeyboardEvent): void => {
			if (event.key !== 'Escape') return;
			// The page's own Escape (closing a drawer, a dialog) is not for this press.
			event.stopPropagation();
			close(true);
		};
		document.addEventListener('pointerdown', onPointerDown, true);
		node.addEventListener('focusout', onFocusOut);
		node.addEventListener('keydown', onKeyDown);
		return () => {
			document.removeEventListener('pointerdown', onPointerDown, true);
			node.removeEventListener('focusout', onFocusOut);
			node.removeEventListener('keydown', onKeyDown);
		};
	};
}
