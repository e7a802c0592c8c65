import type { ApiResult } from '$lib/api/result';
import type { Board, BoardSummary, Project } from '$lib/api/types';
import { getProject } from '$lib/features/projects/api';
import { statusOf, type LoadStatus } from '$lib/ui/load-status';
import { toasts } from '$lib/ui/toasts.svelte';
import { createBoard, listBoards } from './api';

/** One project's boards, and the project itself for its name. */
export class ProjectBoardsState {
	project = $state<Project | null>(null);
	boards = $state<BoardSummary[]>([]);
	status = $state<LoadStatus>('loading');
	message = $state('');
	readonly projectId: string;

	constructor(projectId: string) {
		this.projectId = projectId;
	}

	async load(): Promise<void> {
		const [project, boards] = await Promise.all([getProject(this.projectId), listBoards(this.projectId)]);
		if (!project.ok) return this.#fail(project);
		if (!boards.ok) return this.#fail(boards);
		this.project = project.data;
		this.boards = boards.data;
		this.status = 'ready';
	}

	async create(name: string): Promise<ApiResult<Board>> {
		const result = await createBoard(this.projectId, name);
		if (!result.ok) toasts.error(result.message);
		return result;
	}

	#fail(failure: Extract<ApiResult<unknown>, { ok: false }>): void {
		this.status = statusOf(failure);
		this.message = failure.message;
	}
}
