import type { ApiFailure, ApiResult } from '$lib/api/result';
import type { Invitation, Project } from '$lib/api/types';
import { statusOf, type LoadStatus } from '$lib/ui/load-status';
import { toasts } from '$lib/ui/toasts.svelte';
import { acceptInvitation, createProject, declineInvitation, listMyInvitations, listProjects } from './api';

/** The API calls the project list makes (tests hand in their own). */
export type ProjectsApi = {
	listProjects: () => Promise<ApiResult<Project[]>>;
	createProject: (name: string) => Promise<ApiResult<Project>>;
	listMyInvitations: () => Promise<ApiResult<Invitation[]>>;
	acceptInvitation: (invitationId: string) => Promise<ApiResult<Project>>;
	declineInvitation: (invitationId: string) => Promise<ApiResult<undefined>>;
};

const serverApi: ProjectsApi = { listProjects, createProject, listMyInvitations, acceptInvitation, declineInvitation };

/** The signed-in user's projects, and the invitations waiting for them. */
export class ProjectsState {
	items = $state<Project[]>([]);
	invitations = $state<Invitation[]>([]);
	status = $state<LoadStatus>('loading');
	message = $state('');
	readonly #api: ProjectsApi;
	/** Projects created or joined here since the list was last asked for (bookkeeping for
	 * `load`, not shown: not state). */
	#added: Project[] = [];

	constructor(calls: ProjectsApi = serverApi) {
		this.#api = calls;
	}

	async load(): Promise<void> {
		this.#added = [];
		const [projects, invitations] = await Promise.all([this.#api.listProjects(), this.#api.listMyInvitations()]);
		if (projects.ok) {
			// A project created or joined while the list was on its way may be missing from it.
			const listed = (item: Project) => projects.data.some((project) => project.id === item.id);
			this.items = [...projects.data, ...this.#added.filter((item) => !listed(item))];
			this.status = 'ready';
		} else {
			this.status = statusOf(projects);
			this.message = projects.message;
		}
		// The projects are shown either way; a failure here is only toasted.
		if (invitations.ok) this.invitations = invitations.data;
		else if (projects.ok) toasts.error(invitations.message);
	}

	async create(name: string): Promise<ApiResult<Project>> {
		const result = await this.#api.createProject(name);
		if (result.ok) this.#add(result.data);
		else toasts.error(result.message);
		return result;
	}

	/** Joins the project: it moves from the invitations to the list. */
	async accept(invitation: Invitation): Promise<boolean> {
		const result = await this.#api.acceptInvitation(invitation.id);
		if (!result.ok) return this.#settleFailure(invitation, result);
		this.#drop(invitation);
		const project = result.data;
		this.#add(project);
		toasts.info(`You joined ${project.name} as ${project.role}.`);
		return true;
	}

	async decline(invitation: Invitation): Promise<boolean> {
		const result = await this.#api.declineInvitation(invitation.id);
		if (!result.ok) return this.#settleFailure(invitation, result);
		this.#drop(invitation);
		return true;
	}

	/** Toasts the server's message; an invitation that is gone (revoked meanwhile) leaves the list. */
	#settleFailure(invitation: Invitation, failure: ApiFailure): false {
		toasts.error(failure.message);
		if (failure.status === 404) this.#drop(invitation);
		return false;
	}

	#add(project: Project): void {
		this.#added.push(project);
		if (!this.items.some((item) => item.id === project.id)) this.items = [...this.items, project];
	}

	#drop(invitation: Invitation): void {
		this.invitations = this.invitations.filter((item) => item.id !== invitation.id);
	}
}
