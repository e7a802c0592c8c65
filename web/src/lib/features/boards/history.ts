/** Card audit events in words a person reads ("Moved from To do to Done"). */
import type { AuditEvent } from '$lib/api/types';

type ColumnName = (columnId: string) => string | undefined;

function text(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

function describeMoved(data: AuditEvent['data'], columnName: ColumnName): string {
	const from = columnName(text(data.from_column_id) ?? '');
	const to = columnName(text(data.to_column_id) ?? '');
	if (data.from_column_id === data.to_column_id) return to ? `Reordered within ${to}` : 'Reordered';
	if (from && to) return `Moved from ${from} to ${to}`;
	return to ? `Moved to ${to}` : 'Moved to another column';
}

function describeUpdated(data: AuditEvent['data']): string {
	const fields = Array.isArray(data.fields) ? data.fields.filter((field) => typeof field === 'string') : [];
	return fields.length ? `Updated ${fields.join(', ').replaceAll('_', ' ')}` : 'Updated the card';
}

export function describeEvent(event: AuditEvent, columnName: ColumnName = () => undefined): string {
	switch (event.action) {
		case 'card.created': {
			const title = text(event.data.title);
			return title ? `Created the card “${title}”` : 'Created the card';
		}
		case 'card.moved':
			return describeMoved(event.data, columnName);
		case 'card.updated':
			return describeUpdated(event.data);
		case 'card.archived':
			return 'Archived the card';
		case 'card.unarchived':
			return 'Unarchived the card';
		case 'card.commented':
			return 'Commented';
		default:
			return event.action;
	}
}

/** Newest first, whatever order the server sent. */
export function newestFirst(events: AuditEvent[]): AuditEvent[] {
	return [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/** "Mar 4, 2026, 14:05" in the reader's locale. */
export function formatMoment(at: string, locale?: string): string {
	return new Date(at).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}
