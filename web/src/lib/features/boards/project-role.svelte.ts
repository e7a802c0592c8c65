import type { ApiResult } from '$lib/api/result';
import type { Project, Role } from '$lib/api/types';
import { getProject } from '$lib/features/projects/api';
import type { LoadStatus } from '$lib/ui/load-status';

/**
 * The caller's role in a board's project. Nothing that depends on it may show before it is
 * known: a page holds its own status at "loading" through `gate` until then, so an owner never
 * glimpses the viewer's page (nor a viewer the owner's).
 */
export class ProjectRole {
	role = $state<Role | null>(null);
	/** Asked and answered (or failed: then the page shows read-only, the safe side). */
	settled = $state(false);
	readonly #getProject: (projectId: string) => Promise<ApiResult<Project>>;
	#projectId: string | null = null;

	constructor(fetchProject: (projectId: string) => Promise<ApiResult<Project>> = getProject) {
		this.#getProject = fetchProject;
	}

	get canEdit(): boolean {
		return this.role !== null && this.role !== 'viewer';
	}

	/** Owners and admins may delete anyone's comment (the API's comment moderation). */
	get canModerate(): boolean {
		return this.role === 'owner' || this.role === 'admin';
	}

	/** The page's own status, held at "loading" while the role is still unknown. */
	gate(status: LoadStatus): LoadStatus {
		return status === 'ready' && !this.settled ? 'loading' : status;
	}

	async load(projectId: string): Promise<ApiResult<Project>> {
		if (projectId !== this.#projectId) {
			// Another project (the board switcher): the old role says nothing about this one.
			this.#projectId = projectId;
			this.role = null;
			this.settled = false;
		}
		const result = await this.#getProject(projectId);
		if (projectId !== this.#projectId) return result;
		if (result.ok) this.role = result.data.role;
		this.settled = true;
		return result;
	}
}
