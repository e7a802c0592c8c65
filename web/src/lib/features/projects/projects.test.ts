import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { Invitation, Project } from '$lib/api/types';
import { toasts } from '$lib/ui/toasts.svelte';
import { ProjectsState, type ProjectsApi } from './projects.svelte';

const APOLLO: Project = { id: 'p-apollo', name: 'Apollo', description: '', role: 'owner' };
const GEMINI: Project = { id: 'p-gemini', name: 'Gemini', description: 'Two seats', role: 'viewer' };
const TO_GEMINI: Invitation = {
	id: 'inv-1',
	project_id: GEMINI.id,
	project_name: 'Gemini',
	email: 'ada@example.com',
	role: 'viewer',
	invited_by_name: 'Grace Hopper',
	created_at: '2026-01-01T10:00:00Z'
};

const ok = <T>(data: T): Promise<ApiResult<T>> => Promise.resolve({ ok: true, data });
const failure = (status: number, message: string) =>
	Promise.resolve({ ok: false as const, status, code: 'error', message });

function fakeServer(invitations: Invitation[] = [TO_GEMINI]): ProjectsApi {
	return {
		listProjects: () => ok([APOLLO]),
		createProject: (name) => ok({ id: `p-${name}`, name, description: '', role: 'owner' }),
		listMyInvitations: () => ok(invitations),
		acceptInvitation: () => ok(GEMINI),
		declineInvitation: () => ok(undefined)
	};
}

const lastToast = () => toasts.items.at(-1)?.message;

describe('invitations for you', () => {
	it('loads with the projects', async () => {
		const projects = new ProjectsState(fakeServer());
		await projects.load();
		expect(projects.status).toBe('ready');
		expect(projects.items).toEqual([APOLLO]);
		expect(projects.invitations).toEqual([TO_GEMINI]);
	});

	it('accepting moves the project into the list', async () => {
		const projects = new ProjectsState(fakeServer());
		await projects.load();
		expect(await projects.accept(TO_GEMINI)).toBe(true);
		expect(projects.invitations).toEqual([]);
		expect(projects.items).toEqual([APOLLO, GEMINI]);
		expect(lastToast()).toBe('You joined Gemini as viewer.');
	});

	it('accepting a project already listed does not list it twice', async () => {
		const api = fakeServer();
		api.listProjects = () => ok([APOLLO, GEMINI]);
		const projects = new ProjectsState(api);
		await projects.load();
		await projects.accept(TO_GEMINI);
		expect(projects.items.map((p) => p.id)).toEqual([APOLLO.id, GEMINI.id]);
	});

	it('declining drops the invitation and leaves the list alone', async () => {
		const projects = new ProjectsState(fakeServer());
		await projects.load();
		expect(await projects.decline(TO_GEMINI)).toBe(true);
		expect(projects.invitations).toEqual([]);
		expect(projects.items).toEqual([APOLLO]);
	});

	it('drops an invitation revoked meanwhile, with the server saying so', async () => {
		const api = fakeServer();
		api.acceptInvitation = () => failure(404, 'This invitation no longer exists.');
		const projects = new ProjectsState(api);
		await projects.load();
		expect(await projects.accept(TO_GEMINI)).toBe(false);
		expect(projects.invitations).toEqual([]);
		expect(projects.items).toEqual([APOLLO]);
		expect(lastToast()).toBe('This invitation no longer exists.');
	});

	it('keeps the invitation to try again after any other failure', async () => {
		const api = fakeServer();
		api.declineInvitation = () => failure(0, 'Could not reach the server.');
		const projects = new ProjectsState(api);
		await projects.load();
		expect(await projects.decline(TO_GEMINI)).toBe(false);
		expect(projects.invitations).toEqual([TO_GEMINI]);
	});

	it('still lists the projects when the invitations cannot be read', async () => {
		const api = fakeServer();
		api.listMyInvitations = () => failure(500, 'Something went wrong on our side.');
		const projects = new ProjectsState(api);
		await projects.load();
		expect(projects.status).toBe('ready');
		expect(projects.items).toEqual([APOLLO]);
		expect(projects.invitations).toEqual([]);
		expect(lastToast()).toBe('Something went wrong on our side.');
	});
});

/** Creates "Vostok" while the list is on its way; the list then answers `listed(created)`.
 * Returns the names listed after both. */
async function createdWhileLoading(listed: (created: Project) => Project[]): Promise<string[]> {
	const api = fakeServer();
	let answer: (result: ApiResult<Project[]>) => void = () => {};
	api.listProjects = () => new Promise((resolve) => (answer = resolve));
	const projects = new ProjectsState(api);
	const loading = projects.load();
	const created = await projects.create('Vostok');
	if (!created.ok) throw new Error('the fake server refused the project');
	answer({ ok: true, data: listed(created.data) });
	await loading;
	return projects.items.map((p) => p.name);
}

describe('the project list', () => {
	it('keeps a project created while the list was still loading', async () => {
		expect(await createdWhileLoading(() => [APOLLO])).toEqual(['Apollo', 'Vostok']);
	});

	it('does not list twice a project the list already holds', async () => {
		expect(await createdWhileLoading((created) => [APOLLO, created])).toEqual(['Apollo', 'Vostok']);
	});
});
