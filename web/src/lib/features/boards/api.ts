import { api } from '$lib/api/client';
import { toResult, type ApiResult } from '$lib/api/result';
import type { Board, BoardSummary, Card } from '$lib/api/types';

export function listBoards(projectId: string): Promise<ApiResult<BoardSummary[]>> {
	return toResult(api.GET('/api/projects/{project_id}/boards', { params: { path: { project_id: projectId } } }));
}

export function createBoard(projectId: string, name: string): Promise<ApiResult<Board>> {
	return toResult(
		api.POST('/api/projects/{project_id}/boards', { params: { path: { project_id: projectId } }, body: { name } })
	);
}

export function getBoard(boardId: string): Promise<ApiResult<Board>> {
	return toResult(api.GET('/api/boards/{board_id}', { params: { path: { board_id: boardId } } }));
}

/** `overrideWip` adds the card even when the column is at its WIP limit (the person said so). */
export function createCard(boardId: string, columnId: string, title: string, overrideWip = false): Promise<ApiResult<Card>> {
	return toResult(
		api.POST('/api/boards/{board_id}/cards', {
			params: { path: { board_id: boardId } },
			body: { column_id: columnId, title, ...(overrideWip && { override_wip: true }) }
		})
	);
}

/** What the board state needs from the server; tests hand in their own. */
export type BoardApi = { getBoard: typeof getBoard; createCard: typeof createCard };

export const boardApi: BoardApi = { getBoard, createCard };
