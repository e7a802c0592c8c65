import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { Board, BoardTemplate } from '$lib/api/types';
import { toasts } from '$lib/ui/toasts.svelte';
import { BoardCreator } from './board-creator.svelte';
import { boardNameFor, templateChoice, TEMPLATES } from './templates';

const PROJECT = 'p1';

describe('templates', () => {
	it('offers blank, the three templates and the sample board, blank first', () => {
		expect(TEMPLATES.map((choice) => choice.value)).toEqual(['blank', 'kanban', 'sprint', 'bug_triage', 'sample']);
		expect(templateChoice('sample').label).toBe('Sample board — shows the features');
	});

	it("names a board after its template when no name is typed", () => {
		expect(boardNameFor('  ', 'sample')).toBe('Sample board');
		expect(boardNameFor(' Q3 ', 'kanban')).toBe('Q3');
	});
});

describe('creating a board', () => {
	it('sends the template and the name, and resolves with the board', async () => {
		const sent: [string, string, BoardTemplate][] = [];
		const creator = new BoardCreator(PROJECT, (projectId, name, template) => {
			sent.push([projectId, name, template]);
			return Promise.resolve({ ok: true, data: { id: 'b1', project_id: projectId, name, columns: [] } as Board });
		});
		const creating = creator.create('', 'sample');
		expect(creator.busy).toBe('sample');
		expect(await creating).toMatchObject({ id: 'b1', name: 'Sample board' });
		expect(sent).toEqual([[PROJECT, 'Sample board', 'sample']]);
		expect(creator.busy).toBeNull();
	});

	it("toasts the server's message and resolves with null when refused", async () => {
		const refused: Promise<ApiResult<Board>> = Promise.resolve({
			ok: false,
			status: 403,
			code: 'forbidden',
			message: 'You do not have access to this.'
		});
		const creator = new BoardCreator(PROJECT, () => refused);
		expect(await creator.create('Q3', 'kanban')).toBeNull();
		expect(toasts.items.at(-1)?.message).toBe('You do not have access to this.');
	});
});
