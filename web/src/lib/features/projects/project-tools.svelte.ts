import type { BoardSummary, Project } from '$lib/api/types';
import { listBoards } from '$lib/features/boards/api';
import { statusOf, type LoadStatus } from '$lib/ui/load-status';
import { getProject } from './api';
import { BoardExport } from './board-export.svelte';
import type { ExportFormat } from './transfers';

/** What the project page's tools need: the caller's role (may they import?) and the boards to export. */
export class ProjectToolsState {
	project = $state<Project | null>(null);
	boards = $state<BoardSummary[]>([]);
	status = $state<LoadStatus>('loading');
	/** The latest export of each board (by board id), while the page is open. */
	exports = $state<Record<string, BoardExport>>({});
	readonly projectId: string;

	constructor(projectId: string) {
		this.projectId = projectId;
	}

	/** Viewers only read; importing creates a board. */
	get canImport(): boolean {
		return this.project !== null && this.project.role !== 'viewer';
	}

	async load(): Promise<void> {
		const [project, boards] = await Promise.all([getProject(this.projectId), listBoards(this.projectId)]);
		if (!project.ok) return void (this.status = statusOf(project));
		if (!boards.ok) return void (this.status = statusOf(boards));
		this.project = project.data;
		this.boards = boards.data;
		this.status = 'ready';
	}

	/** Export a board as a job and download its file; progress and failures show on its row. */
	async exportBoard(boardId: string, format: ExportFormat): Promise<void> {
		const run = new BoardExport(boardId, format);
		this.exports[boardId] = run;
		await run.run();
	}

	/** Stop following every export (the page is going away). */
	stop(): void {
		for (const run of Object.values(this.exports)) run.stop();
	}
}
