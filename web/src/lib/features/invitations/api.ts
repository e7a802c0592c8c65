import { api } from '$lib/api/client';
import { toResult, type ApiResult } from '$lib/api/result';
import type { InvitationPreview, Project } from '$lib/api/types';

function tokenPath(token: string) {
	return { params: { path: { token } } };
}

/** What an invitation link offers; no sign-in needed (an unknown or used link: 404). */
export function previewInvitationLink(token: string): Promise<ApiResult<InvitationPreview>> {
	return toResult(api.GET('/api/invitation-links/{token}', tokenPath(token)));
}

/** Joins the link's project as the signed-in user, whatever their email. */
export function acceptInvitationLink(token: string): Promise<ApiResult<Project>> {
	return toResult(api.POST('/api/invitation-links/{token}/accept', tokenPath(token)));
}
