import { describe, expect, it } from 'vitest';
import { eventStream, fakeServer, json, routes, where } from '$lib/api/fake-server';
import { JobProgress } from './job-progress.svelte';
import { ME, NO_WAIT, aJob, sse } from './test-jobs';

const JOB = 'job-1';
const EVENTS = `GET /api/jobs/${JOB}/events`;
const server = fakeServer(ME);

/**
 * An event stream sending one chunk per read, only when the reader asks (highWaterMark 0): `seen`
 * records the job as it was before each chunk, that is after the previous one was handled.
 */
function watched(job: JobProgress, chunks: string[]) {
	const seen: string[] = [];
	const encoder = new TextEncoder();
	const body = new ReadableStream<Uint8Array>(
		{
			pull(controller) {
				seen.push(`${job.status} ${job.percent} ${job.message}`);
				const chunk = chunks.shift();
				if (chunk === undefined) controller.close();
				else controller.enqueue(encoder.encode(chunk));
			}
		},
		{ highWaterMark: 0 }
	);
	return { response: new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }), seen };
}

/** Answers the event stream's connections in turn, then 503s. */
function connections(...replies: (() => Response)[]) {
	return () => replies.shift()?.() ?? json(503, { error: { code: 'unavailable', message: 'Down.', details: null } });
}

describe('JobProgress', () => {
	it('follows the events to the end: status, progress, message and result', async () => {
		server.sent = [];
		const job = new JobProgress(JOB, {}, NO_WAIT);
		const { response, seen } = watched(job, [
			sse(1, 'progress', { progress: 0.05, message: 'Reading the file' }),
			sse(2, 'log', { progress: 0.05, message: 'Reading the file', text: 'hello' }),
			sse(3, 'progress', { progress: 0.7, message: 'Storing 3 cards' }),
			sse(4, 'succeeded', { progress: 1, message: 'Imported', result: { board_id: 'b1' } })
		]);
		server.reply = routes({ [EVENTS]: () => response });
		expect([job.status, job.percent, job.finished]).toEqual(['queued', 0, false]);
		await job.follow();
		expect(seen).toEqual(['queued 0 ', 'running 5 Reading the file', 'running 5 Reading the file', 'running 70 Storing 3 cards']);
		expect([job.status, job.percent, job.message, job.result]).toEqual(['succeeded', 100, 'Imported', { board_id: 'b1' }]);
		expect(server.sent.map(where)).toEqual([EVENTS]);
		const [request] = server.sent;
		expect(request.headers.get('Authorization')).toBe('Bearer tok-1');
		expect(request.headers.get('Accept')).toBe('text/event-stream');
		expect(request.headers.has('Last-Event-ID')).toBe(false);
	});

	it('resumes a dropped stream with Last-Event-ID and sees each event once', async () => {
		server.sent = [];
		server.reply = routes({
			[EVENTS]: connections(
				() => eventStream([sse(1, 'progress', { progress: 0.2, message: 'one' }), sse(2, 'progress', { message: 'two' })], { drop: true }),
				() => eventStream([sse(3, 'failed', { message: 'Failed', error: 'Line 3: title is empty.' })])
			)
		});
		const job = new JobProgress(JOB, {}, NO_WAIT);
		await job.follow();
		expect(server.sent.map((request) => request.headers.get('Last-Event-ID'))).toEqual([null, '2']);
		expect([job.status, job.message, job.error]).toEqual(['failed', 'Failed', 'Line 3: title is empty.']);
	});

	it('polls the job every pollMs when the stream keeps failing, until it ends', async () => {
		server.sent = [];
		const states = [aJob(JOB, { status: 'running', progress: 0.5, message: 'Halfway' }), aJob(JOB, { status: 'succeeded', progress: 1, message: 'Done' })];
		server.reply = routes({
			[EVENTS]: connections(),
			[`GET /api/jobs/${JOB}`]: () => json(200, states.shift())
		});
		const job = new JobProgress(JOB, {}, NO_WAIT);
		await job.follow();
		expect(server.sent.map(where)).toEqual([EVENTS, EVENTS, EVENTS, `GET /api/jobs/${JOB}`, `GET /api/jobs/${JOB}`]);
		expect([job.status, job.percent, job.message]).toEqual(['succeeded', 100, 'Done']);
	});

	it('ends as lost, with the server saying why, when the job is no longer visible', async () => {
		const forbidden = () => json(403, { error: { code: 'forbidden', message: 'No access.', details: null } });
		server.reply = routes({ [EVENTS]: forbidden, [`GET /api/jobs/${JOB}`]: forbidden });
		const job = new JobProgress(JOB, {}, NO_WAIT);
		await job.follow();
		expect([job.status, job.lost]).toEqual(['queued', 'No access.']);
	});

	it('does not follow a job that has already ended, and stops on request', async () => {
		server.sent = [];
		await new JobProgress(JOB, { status: 'cancelled' }, NO_WAIT).follow();
		expect(server.sent).toEqual([]);

		server.reply = routes({ [EVENTS]: () => new Response(new ReadableStream(), { status: 200 }) });
		const job = new JobProgress(JOB, {}, NO_WAIT);
		const following = job.follow();
		job.stop();
		await following;
		expect(job.status).toBe('queued');
	});
});
