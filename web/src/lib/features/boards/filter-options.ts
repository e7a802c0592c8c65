/** The choices the filter controls offer, in words. */
import { UNASSIGNED, type DueFilter } from './filter';

export const DUE_OPTIONS: readonly { value: DueFilter; label: string }[] = [
	{ value: '', label: 'Any due date' },
	{ value: 'overdue', label: 'Overdue' },
	{ value: 'soon', label: 'Due soon' },
	{ value: 'none', label: 'No due date' }
];

export const UNASSIGNED_OPTION = { value: UNASSIGNED, label: 'Nobody (unassigned)' };

/** The labels to offer: the board's, plus any chosen one no card carries any more. */
export function labelOptions(boardLabels: string[], chosen: string[]): string[] {
	const missing = chosen.filter((label) => !boardLabels.includes(label));
	return missing.length ? [...boardLabels, ...missing].sort((a, b) => a.localeCompare(b)) : boardLabels;
}

/** People to offer: the members, plus a chosen one who is not (any more) a member. */
export function peopleOptions(members: { user_id: string; name: string }[], chosen: string): { id: string; name: string }[] {
	const people = members.map((member) => ({ id: member.user_id, name: member.name }));
	if (chosen && chosen !== UNASSIGNED && !people.some((person) => person.id === chosen)) {
		people.push({ id: chosen, name: 'Former member' });
	}
	return people;
}
