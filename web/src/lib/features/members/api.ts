import { api } from '$lib/api/client';
import { toResult, type ApiResult } from '$lib/api/result';
import type { Invitation, InvitationCreated, InvitationLink, Member, Role } from '$lib/api/types';

export function listMembers(projectId: string): Promise<ApiResult<Member[]>> {
	return toResult(api.GET('/api/projects/{project_id}/members', { params: { path: { project_id: projectId } } }));
}

export function changeRole(projectId: string, userId: string, role: Role): Promise<ApiResult<Member>> {
	return toResult(
		api.PATCH('/api/projects/{project_id}/members/{user_id}', {
			params: { path: { project_id: projectId, user_id: userId } },
			body: { role }
		})
	);
}

/** Removes a member; with the caller's own id, leaves the project. */
export function removeMember(projectId: string, userId: string): Promise<ApiResult<undefined>> {
	return toResult(
		api.DELETE('/api/projects/{project_id}/members/{user_id}', {
			params: { path: { project_id: projectId, user_id: userId } }
		})
	);
}

/**
 * Invites any email address (with an account or not); they join when they accept, or whoever
 * they pass the link on to does. The answer carries the link's token, this once.
 */
export function inviteMember(projectId: string, email: string, role: Role): Promise<ApiResult<InvitationCreated>> {
	return toResult(
		api.POST('/api/projects/{project_id}/invitations', {
			params: { path: { project_id: projectId } },
			body: { email, role }
		})
	);
}

/** The project's pending invitations (owners and admins only). */
export function listInvitations(projectId: string): Promise<ApiResult<Invitation[]>> {
	return toResult(
		api.GET('/api/projects/{project_id}/invitations', { params: { path: { project_id: projectId } } })
	);
}

export function revokeInvitation(projectId: string, invitationId: string): Promise<ApiResult<undefined>> {
	return toResult(
		api.DELETE('/api/projects/{project_id}/invitations/{invitation_id}', {
			params: { path: { project_id: projectId, invitation_id: invitationId } }
		})
	);
}

/** A new link for a pending invitation: the old link stops working. */
export function renewInvitationLink(projectId: string, invitationId: string): Promise<ApiResult<InvitationLink>> {
	return toResult(
		api.POST('/api/projects/{project_id}/invitations/{invitation_id}/link', {
			params: { path: { project_id: projectId, invitation_id: invitationId } }
		})
	);
}
