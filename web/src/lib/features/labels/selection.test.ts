import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { Card } from '$lib/api/types';
import { LabelSelection } from './selection.svelte';

function card(labels: string[]): Card {
	return {
		id: 'c1',
		board_id: 'b1',
		column_id: 'col',
		parent_id: null,
		title: 'Card',
		description: '',
		labels,
		assignee_ids: [],
		due: null,
		due_done: false,
		archived: false,
		checklists: [],
		comment_count: 0
	};
}

/** A save the test answers by hand, one request at a time. */
function gatedSave() {
	const sent: string[][] = [];
	const waiting: ((result: ApiResult<Card>) => void)[] = [];
	const save = (labels: string[]) => {
		sent.push(labels);
		return new Promise<ApiResult<Card>>((resolve) => waiting.push(resolve));
	};
	const answer = async (result: ApiResult<Card>): Promise<void> => {
		waiting.shift()?.(result);
		await new Promise((resolve) => setTimeout(resolve, 0));
	};
	return { save, sent, answer };
}

describe('LabelSelection', () => {
	it('shows a toggle at once and sends the whole list', async () => {
		const server = gatedSave();
		const saved: Card[] = [];
		const selection = new LabelSelection(['bug'], { save: server.save, onsaved: (c) => saved.push(c), onerror: () => {} });
		const done = selection.toggle('ux');
		expect(selection.selected).toEqual(['bug', 'ux']);
		expect(selection.saving).toBe(true);
		await server.answer({ ok: true, data: card(['bug', 'ux']) });
		await done;
		expect(server.sent).toEqual([['bug', 'ux']]);
		expect(saved).toHaveLength(1);
		expect(selection.saving).toBe(false);
	});

	it('sends toggles made during a save in one more save', async () => {
		const server = gatedSave();
		const selection = new LabelSelection([], { save: server.save, onsaved: () => {}, onerror: () => {} });
		const done = selection.toggle('a');
		void selection.toggle('b');
		void selection.toggle('c');
		await server.answer({ ok: true, data: card(['a']) });
		expect(selection.selected).toEqual(['a', 'b', 'c']);
		await server.answer({ ok: true, data: card(['a', 'b', 'c']) });
		await done;
		expect(server.sent).toEqual([['a'], ['a', 'b', 'c']]);
	});

	it('puts back what the server has when it refuses, and says why', async () => {
		const server = gatedSave();
		const errors: string[] = [];
		const selection = new LabelSelection(['bug'], { save: server.save, onsaved: () => {}, onerror: (m) => errors.push(m) });
		const done = selection.toggle('bug');
		expect(selection.selected).toEqual([]);
		await server.answer({ ok: false, status: 403, code: 'forbidden', message: 'You may not.' });
		await done;
		expect(selection.selected).toEqual(['bug']);
		expect(errors).toEqual(['You may not.']);
	});

	it('follows the card when idle, not while saving', async () => {
		const server = gatedSave();
		const selection = new LabelSelection(['a'], { save: server.save, onsaved: () => {}, onerror: () => {} });
		selection.sync(['renamed']);
		expect(selection.selected).toEqual(['renamed']);
		const done = selection.toggle('b');
		selection.sync(['stale']);
		expect(selection.selected).toEqual(['renamed', 'b']);
		await server.answer({ ok: true, data: card(['renamed', 'b']) });
		await done;
		expect(selection.has('b')).toBe(true);
	});
});
