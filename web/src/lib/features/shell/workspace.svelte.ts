import type { ApiResult } from '$lib/api/result';
import type { BoardSummary, Project } from '$lib/api/types';
import { listBoards } from '$lib/features/boards/api';
import { listProjects } from '$lib/features/projects/api';

/** The API calls the workspace makes (tests hand in their own). */
export type WorkspaceApi = {
	listProjects: () => Promise<ApiResult<Project[]>>;
	listBoards: (projectId: string) => Promise<ApiResult<BoardSummary[]>>;
};

const serverApi: WorkspaceApi = { listProjects, listBoards };

export type BoardPlace = { board: BoardSummary; project: Project };

/**
 * The signed-in user's projects and each one's boards: what the sidebar lists, the board
 * switcher offers and page titles are named from. Pages that load or create projects and boards
 * tell it, so the sidebar follows without reloading everything.
 */
export class Workspace {
	projects = $state<Project[]>([]);
	/** Boards by project id; a project whose boards are not loaded yet has no entry. */
	boards = $state<Record<string, BoardSummary[]>>({});
	status = $state<'loading' | 'ready' | 'error'>('loading');
	message = $state('');
	readonly #api: WorkspaceApi;
	/** Bumped by every load and clear, so an older answer arriving late is dropped. */
	#generation = 0;
	/** Boards already looked for; bookkeeping only, nothing renders from it. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #searched = new Set<string>();

	constructor(calls: WorkspaceApi = serverApi) {
		this.#api = calls;
	}

	/** Read the projects, then every project's boards at once. */
	async load(): Promise<void> {
		const generation = ++this.#generation;
		const projects = await this.#api.listProjects();
		if (generation !== this.#generation) return;
		if (!projects.ok) {
			this.status = 'error';
			this.message = projects.message;
			return;
		}
		const lists = await Promise.all(projects.data.map((project) => this.#api.listBoards(project.id)));
		if (generation !== this.#generation) return;
		this.projects = projects.data;
		// A project whose boards cannot be read is still listed, without boards.
		this.boards = Object.fromEntries(projects.data.map((project, i) => [project.id, okOr(lists[i], [])]));
		this.status = 'ready';
	}

	/** Forget everything (the person logged out). */
	clear(): void {
		this.#generation++;
		this.projects = [];
		this.boards = {};
		this.status = 'loading';
		this.#searched.clear();
	}

	project(projectId: string): Project | undefined {
		return this.projects.find((project) => project.id === projectId);
	}

	boardsOf(projectId: string): BoardSummary[] {
		return this.boards[projectId] ?? [];
	}

	/** The board and its project, if the workspace knows the board. */
	locate(boardId: string): BoardPlace | undefined {
		for (const project of this.projects) {
			const board = this.boardsOf(project.id).find((candidate) => candidate.id === boardId);
			if (board) return { board, project };
		}
		return undefined;
	}

	/** A board it does not know (made elsewhere since the last load): read everything again, once per board. */
	findBoard(boardId: string): Promise<void> {
		return this.#searchOnce(`board:${boardId}`, this.locate(boardId) !== undefined);
	}

	/** A project it does not know (joined elsewhere since the last load): likewise. */
	findProject(projectId: string): Promise<void> {
		return this.#searchOnce(`project:${projectId}`, this.project(projectId) !== undefined);
	}

	async #searchOnce(key: string, known: boolean): Promise<void> {
		if (this.status !== 'ready' || known || this.#searched.has(key)) return;
		this.#searched.add(key);
		await this.load();
	}

	/** A project joined or created on a page: listed at once, its boards read. */
	async addProject(project: Project): Promise<void> {
		if (!this.project(project.id)) this.projects = [...this.projects, project];
		const boards = await this.#api.listBoards(project.id);
		if (boards.ok && this.project(project.id)) this.boards[project.id] = boards.data;
	}

	/** A page read a project's boards itself: the sidebar shows the same. */
	setBoards(projectId: string, boards: BoardSummary[]): void {
		if (this.project(projectId)) this.boards[projectId] = [...boards];
	}

	/** A board created on a page. */
	addBoard(board: BoardSummary): void {
		const boards = this.boardsOf(board.project_id);
		if (this.project(board.project_id) && !boards.some((known) => known.id === board.id)) {
			this.boards[board.project_id] = [...boards, board];
		}
	}
}

function okOr<T>(result: ApiResult<T>, fallback: T): T {
	return result.ok ? result.data : fallback;
}

export const workspace = new Workspace();
