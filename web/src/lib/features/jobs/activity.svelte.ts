import type { ApiFailure } from '$lib/api/result';
import { sleep } from '$lib/api/sse';
import type { Job, Project } from '$lib/api/types';
import { session } from '$lib/features/auth/session.svelte';
import { getProject } from '$lib/features/projects/api';
import { statusOf, type LoadStatus } from '$lib/ui/load-status';
import { toasts } from '$lib/ui/toasts.svelte';
import { cancelJob, getJob, listJobs, retryJob } from './api';
import { canManageJob, isActive } from './jobs';

/** How often the list refreshes: quickly while a job is queued or running, slowly otherwise. */
export type ActivityTiming = { activeMs: number; idleMs: number };

const DEFAULT_TIMING: ActivityTiming = { activeMs: 2000, idleMs: 10_000 };

/**
 * A project's jobs, newest first, kept live by polling: every 2 s while one is queued or running
 * (the first page again, for new jobs, and each active job further down), every 10 s otherwise.
 * Polling, not one event stream per running job: a list may hold many, and a browser opens only
 * a few connections per host.
 */
export class ActivityState {
	project = $state<Project | null>(null);
	items = $state<Job[]>([]);
	nextBefore = $state<string | null>(null);
	status = $state<LoadStatus>('loading');
	message = $state('');
	loadingMore = $state(false);
	/** Ids of jobs with a cancel or retry on the way. */
	pending = $state<string[]>([]);
	readonly projectId: string;
	readonly #timing: ActivityTiming;
	#wake = new AbortController();

	constructor(projectId: string, timing: Partial<ActivityTiming> = {}) {
		this.projectId = projectId;
		this.#timing = { ...DEFAULT_TIMING, ...timing };
	}

	get hasActive(): boolean {
		return this.items.some((job) => isActive(job.status));
	}

	/** Whether the caller may cancel or retry `job` (its creator, or an owner or admin). */
	canManage(job: Job): boolean {
		return canManageJob(job, session.user?.id, this.project?.role ?? null);
	}

	async load(): Promise<void> {
		const [project, page] = await Promise.all([getProject(this.projectId), listJobs(this.projectId)]);
		if (!project.ok) return this.#fail(project);
		if (!page.ok) return this.#fail(page);
		this.project = project.data;
		this.items = page.data.items;
		this.nextBefore = page.data.next_before;
		this.status = 'ready';
	}

	async loadMore(): Promise<void> {
		if (!this.nextBefore || this.loadingMore) return;
		this.loadingMore = true;
		const page = await listJobs(this.projectId, this.nextBefore);
		this.loadingMore = false;
		if (!page.ok) return toasts.error(page.message);
		const listed = this.items.map((job) => job.id);
		this.items = [...this.items, ...page.data.items.filter((job) => !listed.includes(job.id))];
		this.nextBefore = page.data.next_before;
	}

	/** One round of updates: new jobs on top, and the latest state of every job still active. */
	async refresh(): Promise<void> {
		const first = await listJobs(this.projectId);
		if (!first.ok) return; // the next round tries again
		const fresh = first.data.items;
		this.#merge(fresh);
		const seen = fresh.map((job) => job.id);
		const further = this.items.filter((job) => isActive(job.status) && !seen.includes(job.id));
		const updates = await Promise.all(further.map((job) => getJob(job.id)));
		for (const update of updates) if (update.ok) this.#replace(update.data);
	}

	/** Refreshes until `signal` aborts; skips rounds while the page is hidden. */
	async watch(signal: AbortSignal): Promise<void> {
		while (!signal.aborted) {
			this.#wake = new AbortController();
			const delay = this.hasActive ? this.#timing.activeMs : this.#timing.idleMs;
			await sleep(delay, AbortSignal.any([signal, this.#wake.signal]));
			if (signal.aborted) return;
			if (typeof document === 'undefined' || document.visibilityState !== 'hidden') await this.refresh();
		}
	}

	/** The server's message (403, 409…) is toasted; a job that ended meanwhile is shown as it is now. */
	cancel(job: Job): Promise<boolean> {
		return this.#act(job, cancelJob);
	}

	retry(job: Job): Promise<boolean> {
		return this.#act(job, retryJob);
	}

	async #act(job: Job, call: typeof cancelJob): Promise<boolean> {
		this.pending = [...this.pending, job.id];
		const result = await call(job.id);
		this.pending = this.pending.filter((id) => id !== job.id);
		if (result.ok) {
			this.#replace(result.data);
			this.#wake.abort(); // a retried job is active again: follow it from now on
			return true;
		}
		toasts.error(result.message);
		if (result.status === 409) await this.#reload(job.id);
		return false;
	}

	async #reload(jobId: string): Promise<void> {
		const job = await getJob(jobId);
		if (job.ok) this.#replace(job.data);
	}

	/** Jobs of the first page: listed ones are replaced, new ones (newer than any listed) go on top. */
	#merge(fresh: Job[]): void {
		const listed = this.items.map((job) => job.id);
		const added = fresh.filter((job) => !listed.includes(job.id));
		this.items = [...added, ...this.items.map((job) => fresh.find((update) => update.id === job.id) ?? job)];
	}

	#replace(updated: Job): void {
		this.items = this.items.map((job) => (job.id === updated.id ? updated : job));
	}

	#fail(failure: ApiFailure): void {
		this.status = statusOf(failure);
		this.message = failure.message;
	}
}
