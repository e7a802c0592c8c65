/** A due date as a short, locale-aware day ("Mar 4, 2026"), and whether it is already past. */
export function formatDue(due: string, locale?: string): string {
	return new Date(due).toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function isOverdue(due: string, now: Date = new Date()): boolean {
	return new Date(due).getTime() < now.getTime();
}
