const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Keep Tab and Shift+Tab cycling inside `container` (a dialog). */
export function trapTab(event: KeyboardEvent, container: HTMLElement): void {
	if (event.key !== 'Tab') return;
	const focusable = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)];
	if (focusable.length === 0) return;
	const first = focusable[0];
	const last = focusable[focusable.length - 1];
	const active = document.activeElement;
	if (event.shiftKey && (active === first || !container.contains(active))) {
		event.preventDefault();
		last.focus();
	} else if (!event.shiftKey && (active === last || !container.contains(active))) {
		event.preventDefault();
		first.focus();
	}
}
