import type { ApiResult } from '$lib/api/result';
import type { Project } from '$lib/api/types';
import { statusOf, type LoadStatus } from '$lib/ui/load-status';
import { toasts } from '$lib/ui/toasts.svelte';
import { createProject, listProjects } from './api';

/** The signed-in user's projects. */
export class ProjectsState {
	items = $state<Project[]>([]);
	status = $state<LoadStatus>('loading');
	message = $state('');

	async load(): Promise<void> {
		const result = await listProjects();
		if (result.ok) {
			this.items = result.data;
			this.status = 'ready';
		} else {
			this.status = statusOf(result);
			this.message = result.message;
		}
	}

	async create(name: string): Promise<ApiResult<Project>> {
		const result = await createProject(name);
		if (result.ok) this.items = [...this.items, result.data];
		else toasts.error(result.message);
		return result;
	}
}
