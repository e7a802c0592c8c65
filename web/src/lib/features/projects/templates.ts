/** The boards a project can start from (the server builds them: boards/templates.py). */
import type { BoardTemplate } from '$lib/api/types';

export type TemplateChoice = {
	value: BoardTemplate;
	label: string;
	/** The new board's name when the person gives none. */
	boardName: string;
	description: string;
};

export const TEMPLATES: readonly TemplateChoice[] = [
	{ value: 'blank', label: 'Blank', boardName: 'New board', description: 'To do, In progress and Done — nothing else.' },
	{
		value: 'kanban',
		label: 'Kanban',
		boardName: 'Kanban',
		description: 'Backlog to Done, with WIP limits on work in progress and review.'
	},
	{
		value: 'sprint',
		label: 'Sprint',
		boardName: 'Sprint 1',
		description: 'A sprint backlog, in review and done, and a card for the sprint goal.'
	},
	{
		value: 'bug_triage',
		label: 'Bug triage',
		boardName: 'Bug triage',
		description: 'New, triaged, fixed and closed bugs, with a guide to reporting one.'
	},
	{
		value: 'sample',
		label: 'Sample board — shows the features',
		boardName: 'Sample board',
		description: 'Coloured labels, checklists, Markdown, due dates, comments and a WIP limit, ready to try.'
	}
];

export function templateChoice(value: BoardTemplate): TemplateChoice {
	return TEMPLATES.find((choice) => choice.value === value) ?? TEMPLATES[0];
}

/** The name typed, or the template's own when none was. */
export function boardNameFor(typed: string, template: BoardTemplate): string {
	return typed.trim() || templateChoice(template).boardName;
}
