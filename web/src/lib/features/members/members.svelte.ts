import type { ApiFailure, ApiResult } from '$lib/api/result';
import type { Invitation, InvitationCreated, InvitationLink, Member, Project, Role } from '$lib/api/types';
import { session } from '$lib/features/auth/session.svelte';
import { inviteUrl } from '$lib/features/invitations/links';
import { getProject } from '$lib/features/projects/api';
import { statusOf, type LoadStatus } from '$lib/ui/load-status';
import { toasts } from '$lib/ui/toasts.svelte';
import {
	changeRole,
	inviteMember,
	listInvitations,
	listMembers,
	removeMember,
	renewInvitationLink,
	revokeInvitation
} from './api';
import { canManageMembers } from './roles';

/** The API calls the members screen makes (tests hand in their own). */
export type MembersApi = {
	getProject: (projectId: string) => Promise<ApiResult<Project>>;
	listMembers: (projectId: string) => Promise<ApiResult<Member[]>>;
	changeRole: (projectId: string, userId: string, role: Role) => Promise<ApiResult<Member>>;
	removeMember: (projectId: string, userId: string) => Promise<ApiResult<undefined>>;
	inviteMember: (projectId: string, email: string, role: Role) => Promise<ApiResult<InvitationCreated>>;
	listInvitations: (projectId: string) => Promise<ApiResult<Invitation[]>>;
	revokeInvitation: (projectId: string, invitationId: string) => Promise<ApiResult<undefined>>;
	renewInvitationLink: (projectId: string, invitationId: string) => Promise<ApiResult<InvitationLink>>;
};

const serverApi: MembersApi = {
	getProject,
	listMembers,
	changeRole,
	removeMember,
	inviteMember,
	listInvitations,
	revokeInvitation,
	renewInvitationLink
};

/** A pending invitation and the link to pass on (the server shows a link's token only once). */
export type SharedLink = { invitation: Invitation; url: string };

function browserOrigin(): string {
	return typeof location === 'undefined' ? 'http://localhost' : location.origin;
}

/**
 * A project's members, its pending invitations and the caller's own role, which decides what
 * they may change. Owners and admins see and manage invitations — each with a link that makes
 * whoever opens it a member, whatever their email; anyone may leave.
 */
export class MembersState {
	projectName = $state('');
	callerRole = $state<Role | null>(null);
	items = $state<Member[]>([]);
	invitations = $state<Invitation[]>([]);
	/** The invitation just sent, with its link. */
	created = $state<SharedLink | null>(null);
	/** Links made anew ("Copy new link"), by invitation id. */
	renewed = $state<Record<string, string>>({});
	status = $state<LoadStatus>('loading');
	message = $state('');
	readonly projectId: string;
	readonly #api: MembersApi;
	readonly #origin: string;

	constructor(projectId: string, calls: MembersApi = serverApi, origin: string = browserOrigin()) {
		this.projectId = projectId;
		this.#api = calls;
		this.#origin = origin;
	}

	get canManage(): boolean {
		return canManageMembers(this.callerRole);
	}

	async load(): Promise<void> {
		const [project, members] = await Promise.all([
			this.#api.getProject(this.projectId),
			this.#api.listMembers(this.projectId)
		]);
		if (!project.ok) return this.#fail(project);
		if (!members.ok) return this.#fail(members);
		this.projectName = project.data.name;
		this.callerRole = project.data.role;
		this.items = members.data;
		this.status = 'ready';
		if (this.canManage) await this.#loadInvitations();
	}

	/** The members are shown either way; a failure here is only toasted. */
	async #loadInvitations(): Promise<void> {
		const invitations = await this.#api.listInvitations(this.projectId);
		if (invitations.ok) this.invitations = invitations.data;
		else this.#toast(invitations);
	}

	/**
	 * True when the invitation was made: it is pending, and `created` holds its link (no email
	 * is sent; the link is passed on by hand). Failures (e.g. already invited) are toasted.
	 */
	async invite(email: string, role: Role): Promise<boolean> {
		const result = await this.#api.inviteMember(this.projectId, email, role);
		if (!result.ok) return this.#toast(result);
		const { token, ...invitation } = result.data;
		this.invitations = [...this.invitations, invitation];
		this.created = { invitation, url: inviteUrl(this.#origin, token) };
		return true;
	}

	/** A new link for `invitation`, or null (toasted); the one shown before stops working. */
	async renewLink(invitation: Invitation): Promise<string | null> {
		const result = await this.#api.renewInvitationLink(this.projectId, invitation.id);
		if (!result.ok) {
			this.#toast(result);
			return null;
		}
		const url = inviteUrl(this.#origin, result.data.token);
		this.renewed[invitation.id] = url;
		if (this.created?.invitation.id === invitation.id) this.created = null;
		return url;
	}

	async revoke(invitation: Invitation): Promise<boolean> {
		const result = await this.#api.revokeInvitation(this.projectId, invitation.id);
		if (!result.ok) return this.#toast(result);
		this.invitations = this.invitations.filter((item) => item.id !== invitation.id);
		this.#forgetLink(invitation.id);
		return true;
	}

	#forgetLink(invitationId: string): void {
		if (this.created?.invitation.id === invitationId) this.created = null;
		delete this.renewed[invitationId];
	}

	async changeRole(member: Member, role: Role): Promise<boolean> {
		const result = await this.#api.changeRole(this.projectId, member.user_id, role);
		if (!result.ok) return this.#toast(result);
		this.items = this.items.map((item) => (item.user_id === member.user_id ? result.data : item));
		// Demoting yourself takes your management controls away at once.
		if (isMe(member)) this.callerRole = result.data.role;
		return true;
	}

	async remove(member: Member): Promise<boolean> {
		const result = await this.#api.removeMember(this.projectId, member.user_id);
		if (!result.ok) return this.#toast(result);
		this.items = this.items.filter((item) => item.user_id !== member.user_id);
		if (isMe(member)) this.#forget();
		return true;
	}

	/** True when the caller is no longer a member (the last owner cannot leave: toasted). */
	async leave(): Promise<boolean> {
		const me = session.user;
		if (!me) return false;
		const result = await this.#api.removeMember(this.projectId, me.id);
		if (!result.ok) return this.#toast(result);
		this.items = this.items.filter((item) => item.user_id !== me.id);
		this.#forget();
		toasts.info(`You left ${this.projectName}.`);
		return true;
	}

	/** Not a member any more: nothing here is the caller's to manage or see. */
	#forget(): void {
		this.callerRole = null;
		this.invitations = [];
		this.created = null;
		this.renewed = {};
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

export function isMe(member: Member): boolean {
	return member.user_id === session.user?.id;
}
