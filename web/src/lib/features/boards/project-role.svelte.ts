import type { ApiResult } from '$lib/api/result';
import type { Project, Role } from '$lib/api/types';
import { getProject } from '$lib/features/projects/api';

/** The caller's role in a board's project; editing stays off until the role is known. */
export class ProjectRole {
	role = $state<Role | null>(null);
	readonly #getProject: (projectId: string) => Promise<ApiResult<Project>>;

	constructor(fetchProject: (projectId: string) => Promise<ApiResult<Project>> = getProject) {
		this.#getProject = fetchProject;
	}

	get canEdit(): boolean {
		return this.role !== null && this.role !== 'viewer';
	}

	async load(projectId: string): Promise<ApiResult<Project>> {
		const result = await this.#getProject(projectId);
		if (result.ok) this.role = result.data.role;
		return result;
	}
}
