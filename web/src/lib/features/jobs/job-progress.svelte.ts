import { DEFAULT_RETRY, followEventStream, sleep, type RetryPolicy, type SseEvent } from '$lib/api/sse';
import type { Job, JobStatus } from '$lib/api/types';
import { getJob, openJobEvents } from './api';
import { isFinalEvent, jobEventOf } from './job-events';
import { isFinished, percentOf } from './jobs';

/** How a job is followed: reconnections of its event stream, and the polling that replaces it. */
export type FollowTiming = { retry: RetryPolicy; pollMs: number; idleTimeoutMs?: number };

export const DEFAULT_TIMING: FollowTiming = { retry: DEFAULT_RETRY, pollMs: 2000 };

type JobFields = Pick<Job, 'status' | 'progress' | 'message' | 'result' | 'error'>;

/**
 * One job, followed live: its status, progress and message as its events arrive. The event stream
 * resumes by itself after a dropped connection; when it cannot be kept open, the job is polled
 * (GET /api/jobs/{id}) until it ends instead.
 */
export class JobProgress {
	status = $state<JobStatus>('queued');
	progress = $state(0);
	message = $state('');
	result = $state<Job['result']>(null);
	error = $state<string | null>(null);
	/** Why the job cannot be followed any more (e.g. access to it was lost); empty while it can. */
	lost = $state('');
	readonly jobId: string;
	readonly #timing: FollowTiming;
	readonly #stop = new AbortController();

	constructor(jobId: string, initial: Partial<JobFields> = {}, timing: Partial<FollowTiming> = {}) {
		this.jobId = jobId;
		this.#timing = { ...DEFAULT_TIMING, ...timing };
		this.#apply({ status: 'queued', progress: 0, message: '', ...initial });
	}

	/** Whole percent, 100 once the job succeeded. */
	get percent(): number {
		return this.status === 'succeeded' ? 100 : percentOf(this.progress);
	}

	get finished(): boolean {
		return isFinished(this.status);
	}

	/** Resolves when the job has ended, cannot be followed (`lost`), or `stop()` was called. */
	async follow(): Promise<void> {
		if (this.finished) return;
		const outcome = await followEventStream({
			open: (lastEventId, signal) => openJobEvents(this.jobId, lastEventId, signal),
			onEvent: (event) => this.#onEvent(event),
			isFinal: isFinalEvent,
			signal: this.#stop.signal,
			retry: this.#timing.retry,
			idleTimeoutMs: this.#timing.idleTimeoutMs
		});
		if (outcome.kind === 'failed' && !this.finished) await this.#poll();
	}

	/** Stop following (the job itself goes on). */
	stop(): void {
		this.#stop.abort();
	}

	#onEvent(event: SseEvent): void {
		const job = jobEventOf(event);
		if (job) this.#apply(job);
	}

	#apply(fields: Partial<JobFields> & Pick<JobFields, 'status' | 'progress' | 'message'>): void {
		this.status = fields.status;
		this.progress = fields.progress;
		this.message = fields.message;
		if (fields.result !== undefined) this.result = fields.result;
		if (fields.error !== undefined) this.error = fields.error;
	}

	/** The stream is unusable: read the job every `pollMs` until it ends. A refusal ends it as lost. */
	async #poll(): Promise<void> {
		const signal = this.#stop.signal;
		while (!signal.aborted && !this.finished) {
			const job = await getJob(this.jobId);
			if (job.ok) this.#apply(job.data);
			else if (job.status >= 400 && job.status < 500 && job.status !== 429) return void (this.lost = job.message);
			if (!this.finished) await sleep(this.#timing.pollMs, signal);
		}
	}
}
