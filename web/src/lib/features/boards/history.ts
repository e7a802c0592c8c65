/** Card audit events in words a person reads ("Moved from To do to Done"). */
import type { AuditEvent } from '$lib/api/types';

type ColumnName = (columnId: string) => string | undefined;

function text(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

function describeMoved(data: AuditEvent['data'], columnName: ColumnName): string {
	const from = columnName(text(data.from_column_id) ?? '');
	const to = columnName(text(data.to_column_id) ?? '');
	const overLimit = data.wip_override === true ? ' (over its WIP limit)' : '';
	if (data.from_board_id !== data.to_board_id) {
		// Only one of the two boards is on screen: name the column we know.
		if (to) return `Moved from another board to ${to}${overLimit}`;
		return from ? `Moved from ${from} to another board` : 'Moved to another board';
	}
	if (data.from_column_id === data.to_column_id) return to ? `Reordered within ${to}` : 'Reordered';
	if (from && to) return `Moved from ${from} to ${to}${overLimit}`;
	return to ? `Moved to ${to}${overLimit}` : 'Moved to another column';
}

function quoted(value: unknown): string {
	const words = text(value);
	return words ? ` “${words}”` : '';
}

function describeItemUpdated(data: AuditEvent['data']): string {
	if (data.done === true) return 'Ticked a checklist item';
	if (data.done === false) return 'Unticked a checklist item';
	return `Changed a checklist item to${quoted(data.text)}`;
}

/** Checklist and comment actions: their words only need the event's own data. */
const OTHER_ACTIONS: Record<string, (data: AuditEvent['data']) => string> = {
	'card.archived': () => 'Archived the card',
	'card.unarchived': () => 'Unarchived the card',
	'card.commented': () => 'Commented',
	'comment.edited': () => 'Edited a comment',
	'comment.deleted': () => 'Deleted a comment',
	'checklist.created': (data) => `Added the checklist${quoted(data.title)}`,
	'checklist.renamed': (data) => `Renamed a checklist to${quoted(data.title)}`,
	'checklist.deleted': (data) => `Deleted the checklist${quoted(data.title)}`,
	'checklist.item_added': (data) => `Added${quoted(data.text)} to a checklist`,
	'checklist.item_updated': describeItemUpdated,
	'checklist.item_moved': () => 'Reordered a checklist',
	'checklist.item_deleted': (data) => `Removed${quoted(data.text)} from a checklist`,
	'checklist.item_converted': () => 'Turned a checklist item into a card'
};

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
		default:
			return OTHER_ACTIONS[event.action]?.(event.data) ?? event.action;
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
