/** A project's labels, addressed by name: list, create, recolour or rename. */
import { api } from '$lib/api/client';
import type { components } from '$lib/api/schema';
import { toResult, type ApiResult } from '$lib/api/result';
import type { LabelColor } from './palette';

export type Label = components['schemas']['LabelOut'];
export type LabelUpdate = components['schemas']['LabelUpdate'];

function projectPath(projectId: string) {
	return { params: { path: { project_id: projectId } } };
}

export function listLabels(projectId: string): Promise<ApiResult<Label[]>> {
	return toResult(api.GET('/api/projects/{project_id}/labels', projectPath(projectId)));
}

/** 409 when the project already has a label of that name. */
export function createLabel(projectId: string, name: string, color: LabelColor): Promise<ApiResult<Label>> {
	return toResult(api.POST('/api/projects/{project_id}/labels', { ...projectPath(projectId), body: { name, color } }));
}

export function updateLabel(projectId: string, name: string, body: LabelUpdate): Promise<ApiResult<Label>> {
	return toResult(
		api.PATCH('/api/projects/{project_id}/labels/{name}', { params: { path: { project_id: projectId, name } }, body })
	);
}

/** What the label store needs from the server; tests hand in their own. */
export type LabelApi = { listLabels: typeof listLabels; createLabel: typeof createLabel; updateLabel: typeof updateLabel };

export const labelApi: LabelApi = { listLabels, createLabel, updateLabel };
