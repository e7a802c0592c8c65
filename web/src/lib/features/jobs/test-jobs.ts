// Jobs as the server sends them, for this feature's tests (and the features that run jobs).
import type { Job } from '$lib/api/types';

export const PROJECT = '00000000-0000-0000-0000-0000000000aa';
export const ME = '00000000-0000-0000-0000-0000000000bb';

/** A job of the project, created by ME; `fields` override any field. */
export function aJob(id: string, fields: Partial<Job> = {}): Job {
	return {
		id,
		project_id: PROJECT,
		kind: 'board.import',
		status: 'queued',
		progress: 0,
		message: '',
		result: null,
		error: null,
		attempts: 0,
		cancel_requested: false,
		created_by: ME,
		created_at: '2026-03-04T10:00:00Z',
		updated_at: '2026-03-04T10:00:00Z',
		started_at: null,
		finished_at: null,
		...fields
	};
}

/** One job event on the wire, with the fields every event carries. */
export function sse(id: number, type: string, fields: Record<string, unknown> = {}): string {
	const status = ['succeeded', 'failed', 'cancelled'].includes(type) ? type : 'running';
	const data = { type, job_id: 'j', status, progress: 0, message: '', at: '2026-03-04T10:00:01Z', ...fields };
	return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Zero waits between reconnections and polls, so tests run at once. */
export const NO_WAIT = { retry: { attempts: 2, baseMs: 0, maxMs: 0 }, pollMs: 0 };
