import { downloadJobFile } from '$lib/features/jobs/api';
import { JobProgress, type FollowTiming } from '$lib/features/jobs/job-progress.svelte';
import { saveBlob } from '$lib/ui/download';
import { queueExport } from './api';
import { exportedFilename, type ExportFormat } from './transfers';

export type SaveFile = (blob: Blob, filename: string) => void;

/** One board export: a job making the file, followed live, then the file saved as a download. */
export class BoardExport {
	queuing = $state(false);
	downloading = $state(false);
	job = $state<JobProgress | null>(null);
	failure = $state('');
	/** The downloaded file's name, once saved. */
	saved = $state('');
	readonly boardId: string;
	readonly format: ExportFormat;
	readonly #save: SaveFile;
	readonly #timing: Partial<FollowTiming>;

	constructor(boardId: string, format: ExportFormat, save: SaveFile = saveBlob, timing: Partial<FollowTiming> = {}) {
		this.boardId = boardId;
		this.format = format;
		this.#save = save;
		this.#timing = timing;
	}

	get busy(): boolean {
		return this.queuing || this.downloading || (this.job !== null && !this.job.finished && !this.job.lost);
	}

	/** Queues the export, follows it, and downloads the file; failures end in `failure`. */
	async run(): Promise<void> {
		this.queuing = true;
		const queued = await queueExport(this.boardId, this.format);
		this.queuing = false;
		if (!queued.ok) return void (this.failure = queued.message);
		const job = new JobProgress(queued.data.job_id, { status: queued.data.status }, this.#timing);
		this.job = job;
		await job.follow();
		if (job.status !== 'succeeded') return void (this.failure = failureOf(job));
		await this.#download(job);
	}

	stop(): void {
		this.job?.stop();
	}

	async #download(job: JobProgress): Promise<void> {
		const fallback = exportedFilename(job.result) ?? `board.${this.format}`;
		this.downloading = true;
		const file = await downloadJobFile(job.jobId, fallback);
		this.downloading = false;
		if (!file.ok) return void (this.failure = file.message);
		this.#save(file.data.blob, file.data.filename);
		this.saved = file.data.filename;
	}
}

function failureOf(job: JobProgress): string {
	if (job.status === 'failed') return job.error || 'The export failed.';
	if (job.status === 'cancelled') return 'The export was cancelled.';
	return job.lost || 'Stopped following the export.';
}
