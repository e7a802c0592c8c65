import { api } from '$lib/api/client';
import { toResult, type ApiResult } from '$lib/api/result';
import type { Imported, Invitation, Project } from '$lib/api/types';
import { contentTypeOf, filenameFromDisposition, type ExportFormat, type ImportFormat } from './transfers';

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

/** A new board of the project from an uploaded file; `boardName` is used by CSV only. */
export function importBoard(
	projectId: string,
	format: ImportFormat,
	file: Blob,
	boardName: string
): Promise<ApiResult<Imported>> {
	const path = { project_id: projectId };
	if (format === 'csv') {
		return toResult(
			api.POST('/api/projects/{project_id}/import/csv', {
				params: { path, query: { board_name: boardName } },
				...rawBody(file, format)
			})
		);
	}
	if (format === 'trello') {
		return toResult(api.POST('/api/projects/{project_id}/import/trello', { params: { path }, ...rawBody(file, format) }));
	}
	return toResult(api.POST('/api/projects/{project_id}/import/json', { params: { path }, ...rawBody(file, format) }));
}

export type BoardFile = { blob: Blob; filename: string };

/** A board as a downloadable file, named as the server's Content-Disposition says. */
export async function exportBoard(boardId: string, format: ExportFormat): Promise<ApiResult<BoardFile>> {
	const request = api.GET('/api/boards/{board_id}/export', {
		params: { path: { board_id: boardId }, query: { format } },
		parseAs: 'blob'
	});
	return toResult(
		request.then(({ data, error, response }) => ({
			data: data && {
				blob: data,
				filename: filenameFromDisposition(response.headers.get('Content-Disposition')) ?? `board.${format}`
			},
			error,
			response
		}))
	);
}
