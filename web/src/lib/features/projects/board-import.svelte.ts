import { JobProgress, type FollowTiming } from '$lib/features/jobs/job-progress.svelte';
import { queueImport } from './api';
import { earlierImportOf, importBoardName, importedBoard, kindOfFile, type EarlierImport, type ImportedBoard } from './transfers';

type Upload = { file: Blob; fileName: string; typedName: string };

/**
 * The import form's run: the upload of any board file (the server tells its format), which queues
 * a job, then the job reading the file, followed live. It ends in the new board, in a message a
 * person can act on (the server's, e.g. the CSV parser's line and field), or — for a Trello board
 * the project already has — in a question: open that board, or import a second copy? The form
 * keeps its file and fields either way, to fix and retry.
 */
export class BoardImport {
	uploading = $state(false);
	job = $state<JobProgress | null>(null);
	failure = $state('');
	/** The board this file was imported as before, while asking whether to import a copy. */
	earlier = $state<EarlierImport | null>(null);
	readonly projectId: string;
	readonly #timing: Partial<FollowTiming>;
	#asked: Upload | null = null;

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

	/**
	 * Uploads the file and follows its job to the end; resolves with the new board, if any.
	 * `typedName` names the board (a CSV file's defaults to its file name).
	 */
	start(file: Blob, fileName: string, typedName: string): Promise<ImportedBoard | null> {
		return this.#run({ file, fileName, typedName }, false);
	}

	/** The answer "Import a copy" to the question about an earlier import. */
	importCopy(): Promise<ImportedBoard | null> {
		const asked = this.#asked;
		return asked ? this.#run(asked, true) : Promise.resolve(null);
	}

	/** Clears a finished run's message and question (the person is changing the form, or said no). */
	dismiss(): void {
		if (this.busy) return;
		this.failure = '';
		this.earlier = null;
		this.#asked = null;
	}

	/** Stops following (when the form goes away); the job itself goes on. */
	stop(): void {
		this.job?.stop();
	}

	async #run(upload: Upload, duplicate: boolean): Promise<ImportedBoard | null> {
		this.stop();
		this.job = null;
		this.failure = '';
		this.earlier = null;
		this.#asked = null;
		this.uploading = true;
		const kind = await kindOfFile(upload.file);
		const boardName = importBoardName(kind, upload.typedName, upload.fileName);
		const queued = await queueImport(this.projectId, upload.file, { kind, boardName, duplicate });
		this.uploading = false;
		if (!queued.ok) {
			this.earlier = earlierImportOf(queued);
			if (this.earlier) this.#asked = upload;
			else this.failure = queued.message;
			return null;
		}
		const job = new JobProgress(queued.data.job_id, { status: queued.data.status }, this.#timing);
		this.job = job;
		await job.follow();
		if (this.job !== job) return null; // a newer run took over
		this.failure = failureOf(job);
		return this.imported;
	}
}

function failureOf(job: JobProgress): string {
	if (job.status === 'failed') return job.error || 'The import failed.';
	if (job.status === 'cancelled') return 'The import was cancelled.';
	if (job.status === 'succeeded') return job.result ? '' : 'The import finished without a board.';
	return job.lost || '';
}
