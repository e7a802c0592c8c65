import { api } from '$lib/api/client';
import { toResult, type ApiResult } from '$lib/api/result';
import type { Imported, Invitation, JobQueued, Project } from '$lib/api/types';
import { contentTypeOf, type ExportFormat, type ImportFormat } from './transfers';

export function listProjects(): Promise<ApiResult<Project[]>> {
	return toResult(api.GET('/api/projects'));
}

export function getProject(projectId: string): Promise<ApiResult<Project>> {
	return toResult(api.GET('/api/projects/{project_id}', { params: { path: { project_id: projectId } } }));
}

export function createProject(name: string): Promise<ApiResult<Project>> {
	return toResult(api.POST('/api/projects', { body: { name } }));
}

/** Invitations addressed to the signed-in user's email, not yet accepted or declined. */
export function listMyInvitations(): Promise<ApiResult<Invitation[]>> {
	return toResult(api.GET('/api/invitations'));
}

/** Joins the invitation's project; returns it with the role it gave. */
export function acceptInvitation(invitationId: string): Promise<ApiResult<Project>> {
	return toResult(
		api.POST('/api/invitations/{invitation_id}/accept', {
			params: { path: { invitation_id: invitationId } }
		})
	);
}

export function declineInvitation(invitationId: string): Promise<ApiResult<undefined>> {
	return toResult(
		api.POST('/api/invitations/{invitation_id}/decline', {
			params: { path: { invitation_id: invitationId } }
		})
	);
}

/**
 * The server reads uploads raw, so the file itself is the body: the serializer hands it to fetch
 * untouched instead of JSON-encoding it. (`body` only has to be defined for the serializer to run.)
 */
function rawBody(file: Blob, format: ImportFormat) {
	return {
		body: file as never,
		bodySerializer: () => file,
		headers: { 'Content-Type': contentTypeOf(format) }
	};
}

/**
 * Queues the import of a board file as a job (the server answers 202 with its id); follow the job
 * for the new board. `boardName` is used by CSV only.
 */
export async function queueImport(
	projectId: string,
	format: ImportFormat,
	file: Blob,
	boardName: string
): Promise<ApiResult<JobQueued>> {
	return asQueued(await toResult(postImport(projectId, format, file, boardName)));
}

function postImport(projectId: string, format: ImportFormat, file: Blob, boardName: string) {
	const path = { project_id: projectId };
	if (format === 'csv') {
		return api.POST('/api/projects/{project_id}/import/csv', {
			params: { path, query: { async: true, board_name: boardName } },
			...rawBody(file, format)
		});
	}
	const options = { params: { path, query: { async: true } }, ...rawBody(file, format) };
	if (format === 'trello') return api.POST('/api/projects/{project_id}/import/trello', options);
	return api.POST('/api/projects/{project_id}/import/json', options);
}

/** With `async=true` the server always queues; an import done at once (201) would be a broken contract. */
function asQueued(result: ApiResult<Imported | JobQueued>): ApiResult<JobQueued> {
	if (!result.ok) return result;
	const data = result.data;
	if ('job_id' in data) return { ok: true, data };
	return { ok: false, status: 201, code: 'not_queued', message: 'The server did not queue the import.' };
}

/** Queues a board's export as a job; its file is downloaded from the job once it succeeded. */
export function queueExport(boardId: string, format: ExportFormat): Promise<ApiResult<JobQueued>> {
	return toResult(
		api.POST('/api/boards/{board_id}/export', { params: { path: { board_id: boardId }, query: { format } } })
	);
}
