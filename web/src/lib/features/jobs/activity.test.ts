import { describe, expect, it } from 'vitest';
import { fakeServer, json, routes, where } from '$lib/api/fake-server';
import type { Job, Role } from '$lib/api/types';
import { toasts } from '$lib/ui/toasts.svelte';
import { ActivityState } from './activity.svelte';
import { ME, PROJECT, aJob } from './test-jobs';

const server = fakeServer(ME);
const LIST = `GET /api/projects/${PROJECT}/jobs`;
const PROJECT_GET = `GET /api/projects/${PROJECT}`;

const project = (role: Role) => () => json(200, { id: PROJECT, name: 'Apollo', description: '', role });
const page = (items: Job[], nextBefore: string | null = null) => json(200, { items, next_before: nextBefore });
const failure = (status: number, message: string) => json(status, { error: { code: 'x', message, details: null } });
const lastToast = () => toasts.items.at(-1)?.message;
const statuses = (activity: ActivityState) => activity.items.map((job) => `${job.id} ${job.status}`);

describe('the activity list', () => {
	it("lists the project's jobs as the server orders them (newest first), with the next page's cursor", async () => {
		server.sent = [];
		server.reply = routes({ [PROJECT_GET]: project('member'), [LIST]: () => page([aJob('j2'), aJob('j1')], 'j1') });
		const activity = new ActivityState(PROJECT);
		await activity.load();
		expect(activity.status).toBe('ready');
		expect(activity.project?.name).toBe('Apollo');
		expect(activity.items.map((job) => job.id)).toEqual(['j2', 'j1']);
		expect(activity.nextBefore).toBe('j1');
	});

	it('shows no access for a project that is not the caller’s', async () => {
		server.reply = routes({ [PROJECT_GET]: () => failure(403, 'No access.'), [LIST]: () => failure(403, 'No access.') });
		const activity = new ActivityState(PROJECT);
		await activity.load();
		expect(activity.status).toBe('forbidden');
	});

	it('loads more with `before`, and stops offering more on the last page', async () => {
		server.sent = [];
		server.reply = routes({
			[PROJECT_GET]: project('member'),
			[LIST]: (request) => {
				const before = new URL(request.url).searchParams.get('before');
				return before === 'j2' ? page([aJob('j1')]) : page([aJob('j3'), aJob('j2')], 'j2');
			}
		});
		const activity = new ActivityState(PROJECT);
		await activity.load();
		await activity.loadMore();
		expect(activity.items.map((job) => job.id)).toEqual(['j3', 'j2', 'j1']);
		expect(activity.nextBefore).toBeNull();
		const urls = server.sent.filter((request) => where(request) === LIST).map((request) => new URL(request.url).search);
		expect(urls).toEqual(['', '?before=j2']);
	});

	it('refreshes: new jobs on top, listed ones updated, active ones beyond the first page read one by one', async () => {
		server.sent = [];
		let round = 0;
		server.reply = routes({
			[PROJECT_GET]: project('member'),
			[LIST]: (request) => {
				if (new URL(request.url).searchParams.get('before')) return page([aJob('j1', { status: 'running' })]);
				return round === 0
					? page([aJob('j2', { status: 'queued' })], 'j2')
					: page([aJob('j3'), aJob('j2', { status: 'running', progress: 0.4, message: 'Storing' })], 'j2');
			},
			'GET /api/jobs/j1': () => json(200, aJob('j1', { status: 'succeeded', progress: 1 }))
		});
		const activity = new ActivityState(PROJECT);
		await activity.load();
		await activity.loadMore();
		expect(activity.hasActive).toBe(true);
		round = 1;
		await activity.refresh();
		expect(statuses(activity)).toEqual(['j3 queued', 'j2 running', 'j1 succeeded']);
		expect(activity.items[1]).toMatchObject({ progress: 0.4, message: 'Storing' });
	});

	it('keeps itself live while jobs run, without a reload', async () => {
		const states = ['queued', 'running', 'succeeded'] as const;
		let reads = 0;
		server.reply = routes({
			[PROJECT_GET]: project('member'),
			[LIST]: () => page([aJob('j1', { status: states[Math.min(reads++, 2)] })])
		});
		const activity = new ActivityState(PROJECT, { activeMs: 1, idleMs: 1 });
		await activity.load();
		const stop = new AbortController();
		const watching = activity.watch(stop.signal);
		await expect.poll(() => activity.items[0].status).toBe('succeeded');
		stop.abort();
		await watching;
		expect(activity.hasActive).toBe(false);
	});
});

describe('cancel and retry', () => {
	it('offers them to the creator and to owners and admins only', async () => {
		server.reply = routes({ [PROJECT_GET]: project('member'), [LIST]: () => page([]) });
		const activity = new ActivityState(PROJECT);
		await activity.load();
		expect(activity.canManage(aJob('mine'))).toBe(true);
		expect(activity.canManage(aJob('theirs', { created_by: 'someone-else' }))).toBe(false);
		server.reply = routes({ [PROJECT_GET]: project('admin'), [LIST]: () => page([]) });
		await activity.load();
		expect(activity.canManage(aJob('theirs', { created_by: 'someone-else' }))).toBe(true);
	});

	it('shows the job as the server answers', async () => {
		server.sent = [];
		server.reply = routes({
			[PROJECT_GET]: project('owner'),
			[LIST]: () => page([aJob('j2', { status: 'running' }), aJob('j1', { status: 'failed', error: 'boom' })]),
			'POST /api/jobs/j2/cancel': () => json(200, aJob('j2', { status: 'running', cancel_requested: true })),
			'POST /api/jobs/j1/retry': () => json(202, aJob('j1', { status: 'queued', attempts: 0 }))
		});
		const activity = new ActivityState(PROJECT);
		await activity.load();
		expect(await activity.cancel(activity.items[0])).toBe(true);
		expect(await activity.retry(activity.items[1])).toBe(true);
		expect(activity.items.map((job) => [job.status, job.cancel_requested])).toEqual([
			['running', true],
			['queued', false]
		]);
		expect(activity.pending).toEqual([]);
	});

	it("shows the server's message on a refusal (403)", async () => {
		server.reply = routes({
			[PROJECT_GET]: project('member'),
			[LIST]: () => page([aJob('j1', { status: 'failed' })]),
			'POST /api/jobs/j1/retry': () => failure(403, 'You may not do this.')
		});
		const activity = new ActivityState(PROJECT);
		await activity.load();
		expect(await activity.retry(activity.items[0])).toBe(false);
		expect(lastToast()).toBe('You may not do this.');
		expect(statuses(activity)).toEqual(['j1 failed']);
	});

	it("shows the server's message on a conflict (409) and the job as it is now", async () => {
		server.reply = routes({
			[PROJECT_GET]: project('member'),
			[LIST]: () => page([aJob('j1', { status: 'running' })]),
			'POST /api/jobs/j1/cancel': () => failure(409, 'The job has already ended; there is nothing to cancel.'),
			'GET /api/jobs/j1': () => json(200, aJob('j1', { status: 'succeeded', progress: 1 }))
		});
		const activity = new ActivityState(PROJECT);
		await activity.load();
		expect(await activity.cancel(activity.items[0])).toBe(false);
		expect(lastToast()).toBe('The job has already ended; there is nothing to cancel.');
		expect(statuses(activity)).toEqual(['j1 succeeded']);
	});
});
