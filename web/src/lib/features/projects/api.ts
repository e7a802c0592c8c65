import { api } from '$lib/api/client';
import { toResult, type ApiResult } from '$lib/api/result';
import type { Board, BoardTemplate, Imported, Invitation, JobQueued, Project } from '$lib/api/types';
import { contentTypeOf, type ExportFormat, type FileKind } from './transfers';

export function listProjects(): Promise<ApiResult<Project[]>> {
	return toResult(api.GET('/api/projects'));
}

export function getProject(projectId: string): Promise<ApiResult<Project>> {
	return toResult(api.GET('/api/projects/{project_id}', { params: { path: { project_id: projectId } } }));
}

export function createProject(name: string): Promise<ApiResult<Project>> {
	return toResult(api.POST('/api/projects', { body: { name } }));
}

/** A new board of the project, as `template` makes it (`blank`: To do, In progress, Done). */
export function createBoardFrom(projectId: string, name: string, template: BoardTemplate): Promise<ApiResult<Board>> {
	return toResult(
		api.POST('/api/projects/{project_id}/boards', {
			params: { path: { project_id: projectId } },
			body: { name, template }
		})
	);
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
function rawBody(file: Blob, kind: FileKind) {
	return {
		body: file as never,
		bodySerializer: () => file,
		headers: { 'Content-Type': contentTypeOf(kind) }
	};
}

export type ImportOptions = {
	/** What the file looks like (its content type); the server tells the format itself. */
	kind: FileKind;
	/** The new board's name: needed for CSV, else it replaces the file's own. */
	boardName?: string;
	/** A Trello board the project imported before, again, as a second board. */
	duplicate?: boolean;
};

/**
 * Queues the import of a board file of any format the server reads, as a job (the server answers
 * 202 with its id); follow the job for the new board. A Trello board the project already has is
 * refused (409 `board_already_imported`) unless `duplicate`.
 */
export async function queueImport(projectId: string, file: Blob, options: ImportOptions): Promise<ApiResult<JobQueued>> {
	const query = {
		async: true,
		...(options.boardName ? { board_name: options.boardName } : {}),
		...(options.duplicate ? { duplicate: true } : {})
	};
	const upload = api.POST('/api/projects/{project_id}/import', {
		params: { path: { project_id: projectId }, query },
		...rawBody(file, options.kind)
	});
	return asQueued(await toResult(upload));
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
