import { api } from '$lib/api/client';
import { toResult, type ApiResult } from '$lib/api/result';
import type { Member, Role } from '$lib/api/types';

export function listMembers(projectId: string): Promise<ApiResult<Member[]>> {
	return toResult(api.GET('/api/projects/{project_id}/members', { params: { path: { project_id: projectId } } }));
}

export function addMember(projectId: string, email: string, role: Role): Promise<ApiResult<Member>> {
	return toResult(
		api.POST('/api/projects/{project_id}/members', {
			params: { path: { project_id: projectId } },
			body: { email, role }
		})
	);
}

export function changeRole(projectId: string, userId: string, role: Role): Promise<ApiResult<Member>> {
	return toResult(
		api.PATCH('/api/projects/{project_id}/members/{user_id}', {
			params: { path: { project_id: projectId, user_id: userId } },
			body: { role }
		})
	);
}

export function removeMember(projectId: string, userId: string): Promise<ApiResult<undefined>> {
	return toResult(
		api.DELETE('/api/projects/{project_id}/members/{user_id}', {
			params: { path: { project_id: projectId, user_id: userId } }
		})
	);
}
