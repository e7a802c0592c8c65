import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { BoardCard, BoardView } from './board.svelte';
import type { CreatedColumn } from './column-api';
import { applyColumnDelete, ColumnEditor, type ColumnEditApi } from './column-editor';

function card(id: string, columnId: string): BoardCard {
	return { id, column_id: columnId, parent_id: null, title: id, description: '', labels: [], assignee_ids: [], due: null, archived: false, board_id: 'b1', due_done: false, checklists: [], comment_count: 0 };
}

function boardFixture(): BoardView {
	return {
		id: 'b1',
		name: 'Sprint',
		project_id: 'p1',
		columns: [
			{ id: 'todo', name: 'To do', wip_limit: null, done: false, cards: [card('a', 'todo')] },
			{ id: 'doing', name: 'In progress', wip_limit: 2, done: false, cards: [card('b', 'doing'), card('c', 'doing')] }
		]
	};
}

function fakeApi(update: ApiResult<CreatedColumn>, remove: ApiResult<unknown> = { ok: true, data: undefined }) {
	const calls: unknown[] = [];
	let release: () => void = () => {};
	const gate = new Promise<void>((resolve) => (release = resolve));
	const api: ColumnEditApi = {
		updateColumn: async (columnId, body) => {
			calls.push(['update', columnId, body]);
			await gate;
			return update;
		},
		deleteColumn: async (columnId, moveTo) => {
			calls.push(['delete', columnId, moveTo]);
			return remove;
		}
	};
	return { api, calls, release };
}

const refused = { ok: false as const, status: 422, code: 'validation_error', message: 'Name too long' };

describe('ColumnEditor.update', () => {
	it('renames at once and keeps the name when the server agrees', async () => {
		const state = { board: boardFixture() as BoardView | null };
		const { api, calls, release } = fakeApi({ ok: true, data: { id: 'doing', name: 'Doing', wip_limit: 2, done: false } });
		const editor = new ColumnEditor(state, api);
		const saving = editor.update('doing', { name: 'Doing' });
		expect(state.board?.columns[1].name).toBe('Doing');
		release();
		expect((await saving).ok).toBe(true);
		expect(state.board?.columns[1].name).toBe('Doing');
		expect(calls).toEqual([['update', 'doing', { name: 'Doing' }]]);
	});

	it('puts the old value back on refusal', async () => {
		const state = { board: boardFixture() as BoardView | null };
		const { api, release } = fakeApi(refused);
		const saving = new ColumnEditor(state, api).update('doing', { wip_limit: null, done: false });
		expect(state.board?.columns[1].wip_limit).toBeNull();
		release();
		await saving;
		expect(state.board?.columns[1].wip_limit).toBe(2);
		expect(state.board?.columns[1].cards.map((c) => c.id)).toEqual(['b', 'c']);
	});

	it('does not undo a newer change to the same field', async () => {
		const state = { board: boardFixture() as BoardView | null };
		const { api, release } = fakeApi(refused);
		const saving = new ColumnEditor(state, api).update('doing', { name: 'Doing' });
		state.board!.columns[1].name = 'Started';
		release();
		await saving;
		expect(state.board?.columns[1].name).toBe('Started');
	});
});

describe('ColumnEditor.remove', () => {
	it("removes the column once deleted, its cards at the end of the other column", async () => {
		const state = { board: boardFixture() as BoardView | null };
		const { api, calls } = fakeApi(refused);
		await new ColumnEditor(state, api).remove('doing', 'todo');
		expect(calls).toEqual([['delete', 'doing', 'todo']]);
		expect(state.board?.columns.map((c) => c.id)).toEqual(['todo']);
		expect(state.board?.columns[0].cards.map((c) => [c.id, c.column_id])).toEqual([
			['a', 'todo'],
			['b', 'todo'],
			['c', 'todo']
		]);
	});

	it('changes nothing when the server refuses', async () => {
		const state = { board: boardFixture() as BoardView | null };
		const { api } = fakeApi(refused, { ...refused, status: 409 });
		const result = await new ColumnEditor(state, api).remove('todo', null);
		expect(result.ok).toBe(false);
		expect(state.board?.columns.length).toBe(2);
	});

	it('deletes an empty column without moving anything', () => {
		const board = boardFixture();
		board.columns[0].cards = [];
		expect(applyColumnDelete(board, 'todo', null).columns.map((c) => c.id)).toEqual(['doing']);
	});
});
