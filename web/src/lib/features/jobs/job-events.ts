/**
 * The events of a job's stream (GET /api/jobs/{id}/events). Their `data:` is JSON that the OpenAPI
 * schema cannot describe (the response is text/event-stream), so its type is built from the
 * generated JobOut: the job's status, progress and message on every event, its result and error
 * on the final one, and a line of text on `log` events.
 */
import type { SseEvent } from '$lib/api/sse';
import type { Job, JobStatus } from '$lib/api/types';
import { isFinished } from './jobs';

export type JobEvent = Pick<Job, 'status' | 'progress' | 'message'> &
	Partial<Pick<Job, 'result' | 'error'>> & { type: string; job_id: string; at: string; text?: string };

const STATUSES: ReadonlySet<string> = new Set<JobStatus>(['queued', 'running', 'succeeded', 'failed', 'cancelled']);

/** The job event in an SSE event, or null for anything else (it is then ignored). */
export function jobEventOf(event: SseEvent): JobEvent | null {
	let data: unknown;
	try {
		data = JSON.parse(event.data);
	} catch {
		return null;
	}
	if (!isJobEvent(data)) return null;
	return { ...data, type: data.type || event.event };
}

function isJobEvent(data: unknown): data is JobEvent {
	if (typeof data !== 'object' || data === null) return false;
	const fields = data as Record<string, unknown>;
	return (
		typeof fields.status === 'string' &&
		STATUSES.has(fields.status) &&
		typeof fields.progress === 'number' &&
		typeof fields.message === 'string'
	);
}

/** succeeded, failed and cancelled end the stream. */
export function isFinalEvent(event: SseEvent): boolean {
	return isFinished(event.event);
}
