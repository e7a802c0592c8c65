import { JobProgress, type FollowTiming } from '$lib/features/jobs/job-progress.svelte';
import { queueImport } from './api';
import { importedBoard, type ImportedBoard, type ImportFormat } from './transfers';

/**
 * The import form's run: the upload (which queues a job), then the job reading the file, followed
 * live. It ends in the new board or a message a person can act on (the server's, e.g. the CSV
 * parser's line and field); the form keeps its file and fields either way, to fix and retry.
 */
export class BoardImport {
	uploading = $state(false);
	job = $state<JobProgress | null>(null);
	failure = $state('');
	readonly projectId: string;
	readonly #timing: Partial<FollowTiming>;

	constructor(projectId: string, timing: Partial<FollowTiming> = {}) {
		this.projectId = projectId;
		this.#timing = timing;
	}

	get busy(): boolean {
		return this.uploading || (this.job !== null && !this.job.finished && !this.job.lost);
	}

	get imported(): ImportedBoard | null {
		return this.job?.status === 'succeeded' ? importedBoard(this.job.result) : null;
	}

	/** Uploads the file and follows its job to the end; resolves with the new board, if any. */
	async start(format: ImportFormat, file: Blob, boardName: string): Promise<ImportedBoard | null> {
		this.stop();
		this.job = null;
		this.failure = '';
		this.uploading = true;
		const queued = await queueImport(this.projectId, format, file, boardName);
		this.uploading = false;
		if (!queued.ok) {
			this.failure = queued.message;
			return null;
		}
		const job = new JobProgress(queued.data.job_id, { status: queued.data.status }, this.#timing);
		this.job = job;
		await job.follow();
		if (this.job !== job) return null; // a newer run took over
		this.failure = failureOf(job);
		return this.imported;
	}

	/** Clears a finished run's message (the person is changing the form). */
	dismiss(): void {
		if (!this.busy) this.failure = '';
	}

	/** Stops following (when the form goes away); the job itself goes on. */
	stop(): void {
		this.job?.stop();
	}
}

function failureOf(job: JobProgress): string {
	if (job.status === 'failed') return job.error || 'The import failed.';
	if (job.status === 'cancelled') return 'The import was cancelled.';
	if (job.status === 'succeeded') return job.result ? '' : 'The import finished without a board.';
	return job.lost || '';
}
