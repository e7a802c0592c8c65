import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { Board } from '$lib/api/types';
import type { BoardApi } from './api';
import { BoardState } from './board.svelte';
import { ColumnAdder, isPendingColumn } from './column-adder';
import type { ColumnApi, CreatedColumn } from './column-api';

function boardFixture(): Board {
	return { id: 'b1', name: 'Sprint', project_id: 'p1', columns: [{ id: 'todo', name: 'To do', wip_limit: null, done: false, cards: [] }] };
}

const boardApi: BoardApi = {
	getBoard: async () => ({ ok: true, data: boardFixture() }),
	createCard: async () => {
		throw new Error('not used');
	}
};

/** A fake server whose createColumn answer the test releases by hand. */
function fakeColumnApi(answer: (name: string) => ApiResult<CreatedColumn>) {
	let release: () => void = () => {};
	const gate = new Promise<void>((resolve) => (release = resolve));
	const calls: { boardId: string; name: string }[] = [];
	const api: ColumnApi = {
		createColumn: async (boardId, name) => {
			calls.push({ boardId, name });
			await gate;
			return answer(name);
		}
	};
	return { api, release, calls };
}

async function loaded(): Promise<BoardState> {
	const state = new BoardState(boardApi);
	await state.load('b1');
	return state;
}

const names = (state: BoardState) => state.board!.columns.map((column) => column.name);

describe('ColumnAdder', () => {
	it('shows the column at the end at once, then swaps in the server column', async () => {
		const state = await loaded();
		const { api, release, calls } = fakeColumnApi((name) => ({ ok: true, data: { id: 'col-2', name, wip_limit: null, done: false } }));
		const adding = new ColumnAdder(state, api).add('Review');

		expect(names(state)).toEqual(['To do', 'Review']);
		expect(isPendingColumn(state.board!.columns[1])).toBe(true);
		release();
		const result = await adding;

		expect(result.ok).toBe(true);
		expect(calls).toEqual([{ boardId: 'b1', name: 'Review' }]);
		expect(state.board!.columns[1]).toEqual({ id: 'col-2', name: 'Review', wip_limit: null, done: false, cards: [] });
		expect(isPendingColumn(state.board!.columns[1])).toBe(false);
	});

	it('takes the column back out when the server refuses', async () => {
		const state = await loaded();
		const { api, release } = fakeColumnApi(() => ({ ok: false, status: 403, code: 'forbidden', message: 'Editors only.' }));
		const adding = new ColumnAdder(state, api).add('Review');
		expect(names(state)).toEqual(['To do', 'Review']);
		release();
		const result = await adding;

		expect(result).toMatchObject({ ok: false, message: 'Editors only.' });
		expect(names(state)).toEqual(['To do']);
	});

	it('knows pending column ids', () => {
		expect(isPendingColumn('pending-column-3')).toBe(true);
		expect(isPendingColumn({ id: 'todo' })).toBe(false);
		expect(isPendingColumn(undefined)).toBe(false);
	});
});
