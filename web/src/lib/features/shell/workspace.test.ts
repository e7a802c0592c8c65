import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { BoardSummary, Project } from '$lib/api/types';
import { Workspace, type WorkspaceApi } from './workspace.svelte';

const acme: Project = { id: 'p1', name: 'Acme', description: '', role: 'owner' };
const zeta: Project = { id: 'p2', name: 'Zeta', description: '', role: 'viewer' };
const board = (id: string, projectId: string, name = id): BoardSummary => ({ id, name, project_id: projectId });

function ok<T>(data: T): Promise<ApiResult<T>> {
	return Promise.resolve({ ok: true, data });
}

class FakeApi implements WorkspaceApi {
	projects: Project[] = [acme, zeta];
	boards: Record<string, BoardSummary[]> = { p1: [board('b1', 'p1', 'Sprint 12')], p2: [board('b2', 'p2')] };
	projectCalls = 0;
	listProjects = () => {
		this.projectCalls++;
		return ok([...this.projects]);
	};
	listBoards = (projectId: string): Promise<ApiResult<BoardSummary[]>> =>
		projectId in this.boards
			? ok([...this.boards[projectId]])
			: Promise.resolve({ ok: false, status: 403, code: 'forbidden', message: 'No.' });
}

describe('Workspace', () => {
	it('loads the projects and each one’s boards', async () => {
		const workspace = new Workspace(new FakeApi());
		expect(workspace.status).toBe('loading');
		await workspace.load();
		expect(workspace.status).toBe('ready');
		expect(workspace.projects.map((project) => project.name)).toEqual(['Acme', 'Zeta']);
		expect(workspace.boardsOf('p1').map((item) => item.name)).toEqual(['Sprint 12']);
	});

	it('locates a board’s project', async () => {
		const workspace = new Workspace(new FakeApi());
		await workspace.load();
		expect(workspace.locate('b1')?.project.name).toBe('Acme');
		expect(workspace.locate('nope')).toBeUndefined();
	});

	it('lists a project whose boards cannot be read, without boards', async () => {
		const api = new FakeApi();
		delete api.boards.p2;
		const workspace = new Workspace(api);
		await workspace.load();
		expect(workspace.project('p2')?.name).toBe('Zeta');
		expect(workspace.boardsOf('p2')).toEqual([]);
	});

	it('reports a failure to list the projects', async () => {
		const api = new FakeApi();
		api.listProjects = () => Promise.resolve({ ok: false, status: 0, code: 'network_error', message: 'Offline.' });
		const workspace = new Workspace(api);
		await workspace.load();
		expect(workspace.status).toBe('error');
		expect(workspace.message).toBe('Offline.');
	});

	it('looks for an unknown board once, by reloading', async () => {
		const api = new FakeApi();
		const workspace = new Workspace(api);
		await workspace.load();
		api.boards.p1.push(board('b3', 'p1', 'Imported'));
		await workspace.findBoard('b3');
		expect(workspace.locate('b3')?.board.name).toBe('Imported');
		await workspace.findBoard('b3');
		await workspace.findBoard('missing');
		await workspace.findBoard('missing');
		expect(api.projectCalls).toBe(3);
	});

	it('looks for an unknown project once, by reloading', async () => {
		const api = new FakeApi();
		const workspace = new Workspace(api);
		await workspace.load();
		await workspace.findProject('p1');
		expect(api.projectCalls).toBe(1);
		api.projects.push({ id: 'p4', name: 'Joined elsewhere', description: '', role: 'member' });
		api.boards.p4 = [];
		await workspace.findProject('p4');
		await workspace.findProject('p4');
		expect(workspace.project('p4')?.name).toBe('Joined elsewhere');
		expect(api.projectCalls).toBe(2);
	});

	it('takes in projects and boards that pages made', async () => {
		const api = new FakeApi();
		const workspace = new Workspace(api);
		await workspace.load();
		const apollo: Project = { id: 'p3', name: 'Apollo', description: '', role: 'owner' };
		api.boards.p3 = [board('b9', 'p3')];
		await workspace.addProject(apollo);
		expect(workspace.boardsOf('p3').map((item) => item.id)).toEqual(['b9']);
		workspace.addBoard(board('b10', 'p3'));
		workspace.addBoard(board('b10', 'p3'));
		expect(workspace.boardsOf('p3').map((item) => item.id)).toEqual(['b9', 'b10']);
		workspace.setBoards('p1', []);
		expect(workspace.boardsOf('p1')).toEqual([]);
		workspace.addBoard(board('b11', 'unknown-project'));
		expect(workspace.locate('b11')).toBeUndefined();
	});

	it('drops an answer that arrives after clear', async () => {
		const workspace = new Workspace(new FakeApi());
		const loading = workspace.load();
		workspace.clear();
		await loading;
		expect(workspace.projects).toEqual([]);
		expect(workspace.status).toBe('loading');
	});
});
