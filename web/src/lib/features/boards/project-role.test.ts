import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { Project, Role } from '$lib/api/types';
import { ProjectRole } from './project-role.svelte';

function answering(roles: Record<string, Role>) {
	return async (projectId: string): Promise<ApiResult<Project>> =>
		projectId in roles
			? { ok: true, data: { id: projectId, name: 'P', description: '', role: roles[projectId] } }
			: { ok: false, status: 0, code: 'network_error', message: 'Offline.' };
}

describe('ProjectRole.gate', () => {
	it('holds a ready page at loading until the role is known', async () => {
		const access = new ProjectRole(answering({ p1: 'owner' }));
		expect(access.gate('ready')).toBe('loading');
		await access.load('p1');
		expect(access.gate('ready')).toBe('ready');
		expect(access.canEdit).toBe(true);
	});

	it('passes the page’s own failures through', () => {
		const access = new ProjectRole(answering({}));
		expect(access.gate('forbidden')).toBe('forbidden');
		expect(access.gate('error')).toBe('error');
		expect(access.gate('loading')).toBe('loading');
	});

	it('shows the page read-only when the role cannot be read', async () => {
		const access = new ProjectRole(answering({}));
		const result = await access.load('p1');
		expect(result.ok).toBe(false);
		expect(access.gate('ready')).toBe('ready');
		expect(access.canEdit).toBe(false);
	});

	it('forgets the role when the board moves to another project', async () => {
		const access = new ProjectRole(answering({ p1: 'owner', p2: 'viewer' }));
		await access.load('p1');
		const loading = access.load('p2');
		expect(access.role).toBeNull();
		expect(access.gate('ready')).toBe('loading');
		await loading;
		expect(access.role).toBe('viewer');
	});

	it('keeps the role while the same project is read again', async () => {
		const access = new ProjectRole(answering({ p1: 'member' }));
		await access.load('p1');
		const again = access.load('p1');
		expect(access.canEdit).toBe(true);
		await again;
		expect(access.canEdit).toBe(true);
	});
});

describe('ProjectRole.canModerate', () => {
	it('lets owners and admins delete anyone’s comment, and nobody else', async () => {
		const access = new ProjectRole(answering({ o: 'owner', a: 'admin', m: 'member', v: 'viewer' }));
		const allowed: Record<string, boolean> = {};
		for (const project of ['o', 'a', 'm', 'v']) {
			await access.load(project);
			allowed[project] = access.canModerate;
		}
		expect(allowed).toEqual({ o: true, a: true, m: false, v: false });
	});
});
