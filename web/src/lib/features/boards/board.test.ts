import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { Board, Card } from '$lib/api/types';
import type { BoardApi } from './api';
import { BoardState } from './board.svelte';

const BOARD_ID = 'b1';
const TODO = 'c-todo';

function boardFixture(): Board {
	return {
		id: BOARD_ID,
		name: 'Sprint',
		project_id: 'p1',
		columns: [{ id: TODO, name: 'To do', wip_limit: 2, done: false, cards: [] }]
	};
}

function savedCard(columnId: string, title: string): Card {
	return {
		id: 'card-1',
		column_id: columnId,
		parent_id: null,
		title,
		description: '',
		labels: [],
		assignee_ids: [],
		due: null,
		due_done: false,
		archived: false,
		board_id: BOARD_ID,
		checklists: [],
		comment_count: 0
	};
}

/** A fake server whose createCard answer the test releases by hand. */
function fakeApi(answer: (columnId: string, title: string) => ApiResult<Card>) {
	let release: () => void = () => {};
	const gate = new Promise<void>((resolve) => (release = resolve));
	const api: BoardApi = {
		getBoard: async () => ({ ok: true, data: boardFixture() }),
		createCard: async (_boardId, columnId, title) => {
			await gate;
			return answer(columnId, title);
		}
	};
	return { api, release };
}

async function loadedBoard(api: BoardApi): Promise<BoardState> {
	const state = new BoardState(api);
	await state.load(BOARD_ID);
	return state;
}

describe('BoardState.addCard', () => {
	it('shows the card before the server answers, then swaps in the saved card', async () => {
		const { api, release } = fakeApi((columnId, title) => ({ ok: true, data: savedCard(columnId, title) }));
		const state = await loadedBoard(api);

		const adding = state.addCard(TODO, 'Write tests');
		const pending = state.column(TODO)!.cards;
		expect(pending).toHaveLength(1);
		expect(pending[0]).toMatchObject({ title: 'Write tests', pending: true });

		release();
		const result = await adding;
		expect(result.ok).toBe(true);
		expect(state.column(TODO)!.cards).toEqual([savedCard(TODO, 'Write tests')]);
	});

	it('shows the card once when the live document brought it before the server answered', async () => {
		const { api, release } = fakeApi((columnId, title) => ({ ok: true, data: savedCard(columnId, title) }));
		const state = await loadedBoard(api);
		const adding = state.addCard(TODO, 'Write tests');
		state.column(TODO)!.cards.unshift({ ...savedCard(TODO, 'Write tests'), labels: [] });
		release();
		await adding;
		expect(state.column(TODO)!.cards).toEqual([savedCard(TODO, 'Write tests')]);
	});

	it('rolls back and hands back the server message when refused', async () => {
		const refusal = { ok: false, status: 409, code: 'conflict', message: 'Column To do is at its WIP limit (2).' } as const;
		const { api, release } = fakeApi(() => refusal);
		const state = await loadedBoard(api);

		const adding = state.addCard(TODO, 'One too many');
		expect(state.column(TODO)!.cards).toHaveLength(1);

		release();
		expect(await adding).toEqual(refusal);
		expect(state.column(TODO)!.cards).toEqual([]);
	});

	it('marks a 403 load as forbidden', async () => {
		const state = new BoardState({
			getBoard: async () => ({ ok: false, status: 403, code: 'forbidden', message: 'No.' }),
			createCard: async () => {
				throw new Error('not called');
			}
		});
		await state.load(BOARD_ID);
		expect(state.status).toBe('forbidden');
	});

	it('keeps the board on screen when a reload fails (offline, say)', async () => {
		let answer: ApiResult<Board> = { ok: true, data: boardFixture() };
		const state = new BoardState({
			getBoard: async () => answer,
			createCard: async () => {
				throw new Error('not called');
			}
		});
		await state.load(BOARD_ID);
		answer = { ok: false, status: 0, code: 'network', message: 'The server could not be reached.' };
		await state.load(BOARD_ID);
		expect(state.status).toBe('ready');
		expect(state.board?.id).toBe(BOARD_ID);
		expect(state.loads).toBe(1);
	});
});
