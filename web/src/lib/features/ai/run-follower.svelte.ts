import type { ApiResult } from '$lib/api/result';
import { followEventStream, sleep } from '$lib/api/sse';
import type { AiRun } from '$lib/api/types';
import { openJobEvents } from '$lib/features/jobs/api';
import { DEFAULT_TIMING, type FollowTiming } from '$lib/features/jobs/job-progress.svelte';
import { ThrottledAnnouncer, type Timers } from './announcer';
import { initialLive, isEnded, liveText, reduceLive, type LiveState } from './live-run';
import { isFinalRunEvent, runEventOf } from './run-events';
import { isRunActive, jobEndOf } from './runs';

/** What following a run needs from the server (tests hand in their own). */
export type FollowApi = {
	openJobEvents: typeof openJobEvents;
	getRun: (runId: string) => Promise<ApiResult<AiRun>>;
};

export type FollowOptions = {
	timing?: Partial<FollowTiming>;
	/** How often the words the model adds are announced to a screen reader. */
	announceEveryMs?: number;
	timers?: Timers;
};

/**
 * One run followed live on its job's event stream: `live` is the stream reduced (see
 * live-run.ts), `announcement` the latest words for a polite live region. A dropped stream
 * resumes by itself; one that cannot be kept open falls back to reading the run every
 * `pollMs` until it has ended.
 */
export class RunFollower {
	live = $state.raw<LiveState>(initialLive());
	announcement = $state('');
	/** Why the run cannot be followed any more (access lost); empty while it can. */
	lost = $state('');
	readonly runId: string;
	readonly jobId: string;
	readonly #api: FollowApi;
	readonly #timing: FollowTiming;
	readonly #announcer: ThrottledAnnouncer;
	readonly #stop = new AbortController();

	constructor(run: Pick<AiRun, 'id' | 'job_id' | 'status'>, api: FollowApi, options: FollowOptions = {}) {
		this.runId = run.id;
		this.jobId = run.job_id;
		this.#api = api;
		this.#timing = { ...DEFAULT_TIMING, ...options.timing };
		this.#announcer = new ThrottledAnnouncer((words) => (this.announcement = words), options.announceEveryMs, options.timers);
		this.live = initialLive(run.status === 'running' ? 'running' : 'queued');
	}

	get text(): string {
		return liveText(this.live);
	}

	/** Resolves when the run's job has ended, cannot be followed (`lost`), or `stop()` was called. */
	async follow(): Promise<void> {
		const outcome = await followEventStream({
			open: (lastEventId, signal) => this.#api.openJobEvents(this.jobId, lastEventId, signal),
			onEvent: (sse) => {
				const event = runEventOf(sse);
				if (event) this.#take(reduceLive(this.live, event));
			},
			isFinal: isFinalRunEvent,
			signal: this.#stop.signal,
			retry: this.#timing.retry,
			idleTimeoutMs: this.#timing.idleTimeoutMs
		});
		if (outcome.kind === 'failed' && !isEnded(this.live)) await this.#poll();
		this.#announcer.flush();
	}

	/** Stop following (the run itself goes on). */
	stop(): void {
		this.#stop.abort();
		this.#announcer.dispose();
	}

	#take(next: LiveState): void {
		if (next === this.live) return;
		const grew = next.pieces !== this.live.pieces;
		this.live = next;
		if (grew) this.#announcer.update(this.text);
	}

	/** The stream is unusable: read the run until it has ended. A refusal ends it as lost. */
	async #poll(): Promise<void> {
		const signal = this.#stop.signal;
		while (!signal.aborted) {
			const run = await this.#api.getRun(this.runId);
			if (run.ok && !isRunActive(run.data.status)) return void (this.live = { ...this.live, status: jobEndOf(run.data.status) });
			if (!run.ok && run.status >= 400 && run.status < 500 && run.status !== 429) return void (this.lost = run.message);
			await sleep(this.#timing.pollMs, signal);
		}
	}
}
