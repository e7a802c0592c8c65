import type { ApiResult } from '$lib/api/result';
import type { Board, BoardTemplate } from '$lib/api/types';
import { workspace } from '$lib/features/shell/workspace.svelte';
import { toasts } from '$lib/ui/toasts.svelte';
import { createBoardFrom } from './api';
import { boardNameFor } from './templates';

export type CreateBoard = (projectId: string, name: string, template: BoardTemplate) => Promise<ApiResult<Board>>;

/** Makes a project's new boards, from a template; the sidebar lists each at once. */
export class BoardCreator {
	/** The template of the board being made. */
	busy = $state<BoardTemplate | null>(null);
	readonly projectId: string;
	readonly #create: CreateBoard;

	constructor(projectId: string, create: CreateBoard = createBoardFrom) {
		this.projectId = projectId;
		this.#create = create;
	}

	/** The new board (named `name`, or after its template), or null: the server's message is toasted. */
	async create(name: string, template: BoardTemplate): Promise<Board | null> {
		this.busy = template;
		const result = await this.#create(this.projectId, boardNameFor(name, template), template);
		this.busy = null;
		if (!result.ok) {
			toasts.error(result.message);
			return null;
		}
		const { id, name: boardName, project_id } = result.data;
		workspace.addBoard({ id, name: boardName, project_id });
		return result.data;
	}
}
