import { api } from '$lib/api/client';
import { filenameFromDisposition } from '$lib/api/content-disposition';
import { toResult, type ApiResult } from '$lib/api/result';
import type { Job, JobPage } from '$lib/api/types';

export function getJob(jobId: string): Promise<ApiResult<Job>> {
	return toResult(api.GET('/api/jobs/{job_id}', { params: { path: { job_id: jobId } } }));
}

/** A page of the project's jobs, newest first; pass the previous page's `next_before` for the next. */
export function listJobs(projectId: string, before: string | null = null): Promise<ApiResult<JobPage>> {
	return toResult(
		api.GET('/api/projects/{project_id}/jobs', {
			params: { path: { project_id: projectId }, query: before ? { before } : {} }
		})
	);
}

/** Cancels a queued job, or asks a running one to stop (409 once it has ended). */
export function cancelJob(jobId: string): Promise<ApiResult<Job>> {
	return toResult(api.POST('/api/jobs/{job_id}/cancel', { params: { path: { job_id: jobId } } }));
}

/** Queues a failed job again (409 for any other). */
export function retryJob(jobId: string): Promise<ApiResult<Job>> {
	return toResult(api.POST('/api/jobs/{job_id}/retry', { params: { path: { job_id: jobId } } }));
}

/** The job's event stream, resuming after `lastEventId` when given (see $lib/api/sse). */
export function openJobEvents(
	jobId: string,
	lastEventId: string | null,
	signal: AbortSignal
): Promise<ApiResult<ReadableStream<Uint8Array> | null>> {
	return toResult(
		api.GET('/api/jobs/{job_id}/events', {
			params: { path: { job_id: jobId }, header: { 'Last-Event-ID': lastEventId ?? undefined } },
			headers: { Accept: 'text/event-stream' },
			parseAs: 'stream',
			signal
		})
	);
}

export type JobFile = { blob: Blob; filename: string };

/** The file a job made (an export), named as the server's Content-Disposition says. */
export async function downloadJobFile(jobId: string, fallbackName = 'download'): Promise<ApiResult<JobFile>> {
	const request = api.GET('/api/jobs/{job_id}/file', { params: { path: { job_id: jobId } }, parseAs: 'blob' });
	return toResult(
		request.then(({ data, error, response }) => ({
			data: data && {
				blob: data,
				filename: filenameFromDisposition(response.headers.get('Content-Disposition')) ?? fallbackName
			},
			error,
			response
		}))
	);
}
