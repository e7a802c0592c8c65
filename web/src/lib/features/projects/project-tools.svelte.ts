import type { BoardSummary, Project } from '$lib/api/types';
import { listBoards } from '$lib/features/boards/api';
import { saveBlob } from '$lib/ui/download';
import { statusOf, type LoadStatus } from '$lib/ui/load-status';
import { toasts } from '$lib/ui/toasts.svelte';
import { exportBoard, getProject } from './api';
import type { ExportFormat } from './transfers';

/** What the project page's tools need: the caller's role (may they import?) and the boards to export. */
export class ProjectToolsState {
	project = $state<Project | null>(null);
	boards = $state<BoardSummary[]>([]);
	status = $state<LoadStatus>('loading');
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

	/** Download a board file; failures are toasted with the server's message. */
	async download(boardId: string, format: ExportFormat): Promise<void> {
		const result = await exportBoard(boardId, format);
		if (result.ok) saveBlob(result.data.blob, result.data.filename);
		else toasts.error(result.message);
	}
}
