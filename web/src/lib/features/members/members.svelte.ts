import type { ApiFailure } from '$lib/api/result';
import type { Member, Role } from '$lib/api/types';
import { session } from '$lib/features/auth/session.svelte';
import { getProject } from '$lib/features/projects/api';
import { statusOf, type LoadStatus } from '$lib/ui/load-status';
import { toasts } from '$lib/ui/toasts.svelte';
import { addMember, changeRole, listMembers, removeMember } from './api';
import { canManageMembers } from './roles';

/** A project's members and the caller's own role, which decides what they may change. */
export class MembersState {
	projectName = $state('');
	callerRole = $state<Role | null>(null);
	items = $state<Member[]>([]);
	status = $state<LoadStatus>('loading');
	message = $state('');
	readonly projectId: string;

	constructor(projectId: string) {
		this.projectId = projectId;
	}

	get canManage(): boolean {
		return canManageMembers(this.callerRole);
	}

	async load(): Promise<void> {
		const [project, members] = await Promise.all([getProject(this.projectId), listMembers(this.projectId)]);
		if (!project.ok) return this.#fail(project);
		if (!members.ok) return this.#fail(members);
		this.projectName = project.data.name;
		this.callerRole = project.data.role;
		this.items = members.data;
		this.status = 'ready';
	}

	/** True when the person was added; failures are toasted with the server's message. */
	async invite(email: string, role: Role): Promise<boolean> {
		const result = await addMember(this.projectId, email, role);
		if (!result.ok) return this.#toast(result);
		this.items = [...this.items, result.data];
		toasts.info(`${result.data.name} is now a ${result.data.role}.`);
		return true;
	}

	async changeRole(member: Member, role: Role): Promise<boolean> {
		const result = await changeRole(this.projectId, member.user_id, role);
		if (!result.ok) return this.#toast(result);
		this.items = this.items.map((item) => (item.user_id === member.user_id ? result.data : item));
		// Demoting yourself takes your management controls away at once.
		if (member.user_id === session.user?.id) this.callerRole = result.data.role;
		return true;
	}

	async remove(member: Member): Promise<boolean> {
		const result = await removeMember(this.projectId, member.user_id);
		if (!result.ok) return this.#toast(result);
		this.items = this.items.filter((item) => item.user_id !== member.user_id);
		if (member.user_id === session.user?.id) this.callerRole = null;
		return true;
	}

	#toast(failure: ApiFailure): false {
		toasts.error(failure.message);
		return false;
	}

	#fail(failure: ApiFailure): void {
		this.status = statusOf(failure);
		this.message = failure.message;
	}
}
