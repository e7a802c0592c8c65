import { api } from '$lib/api/client';
import { toResult, type ApiResult } from '$lib/api/result';
import type { Project } from '$lib/api/types';

export function listProjects(): Promise<ApiResult<Project[]>> {
	return toResult(api.GET('/api/projects'));
}

export function getProject(projectId: string): Promise<ApiResult<Project>> {
	return toResult(api.GET('/api/projects/{project_id}', { params: { path: { project_id: projectId } } }));
}

export function createProject(name: string): Promise<ApiResult<Project>> {
	return toResult(api.POST('/api/projects', { body: { name } }));
}
