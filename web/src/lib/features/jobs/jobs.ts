/** The pure parts of showing jobs: their words, their states and who may manage them. */
import type { Job, JobStatus, Role } from '$lib/api/types';

const FINAL: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'cancelled']);

/** Succeeded, failed or cancelled: nothing about the job changes any more (short of a retry). */
export function isFinished(status: string): status is 'succeeded' | 'failed' | 'cancelled' {
	return FINAL.has(status as JobStatus);
}

/** Queued or running: worth watching. */
export function isActive(status: JobStatus): boolean {
	return !isFinished(status);
}

const KIND_LABELS: Record<string, string> = {
	'board.import': 'Board import',
	'board.export': 'Board export'
};

/** A job kind in plain words ("board.import" → "Board import"); unknown kinds are spelled out. */
export function kindLabel(kind: string): string {
	const known = KIND_LABELS[kind];
	if (known) return known;
	const words = kind.replace(/[._-]+/g, ' ').trim();
	return words ? words[0].toUpperCase() + words.slice(1) : 'Job';
}

const STATUS_LABELS: Record<JobStatus, string> = {
	queued: 'Queued',
	running: 'Running',
	succeeded: 'Succeeded',
	failed: 'Failed',
	cancelled: 'Cancelled'
};

export function statusLabel(status: JobStatus): string {
	return STATUS_LABELS[status];
}

/** Progress (0 to 1) as a whole percent from 0 to 100. */
export function percentOf(progress: number): number {
	if (!Number.isFinite(progress)) return 0;
	return Math.round(Math.min(1, Math.max(0, progress)) * 100);
}

/**
 * Mirrors the server's rule (authz JobAccess.require_manage): a job's creator may cancel or retry
 * it, and so may the project's owners and admins. The server still decides.
 */
export function canManageJob(job: Pick<Job, 'created_by'>, userId: string | undefined, role: Role | null): boolean {
	return job.created_by === userId || role === 'owner' || role === 'admin';
}

/** When a job was created, as a short local date and time. */
export function formatWhen(iso: string, locale?: string): string {
	return new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}
