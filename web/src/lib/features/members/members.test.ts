import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { Invitation, Member, Project, Role } from '$lib/api/types';
import { session } from '$lib/features/auth/session.svelte';
import { toasts } from '$lib/ui/toasts.svelte';
import { MembersState, type MembersApi } from './members.svelte';

const PROJECT = 'p1';
const ADA: Member = { user_id: 'u-ada', email: 'ada@example.com', name: 'Ada Lovelace', role: 'owner' };
const BOB: Member = { user_id: 'u-bob', email: 'bob@example.com', name: 'Bob Byte', role: 'member' };

function invitation(email: string, role: Role = 'member'): Invitation {
	return {
		id: `inv-${email}`,
		project_id: PROJECT,
		project_name: 'Apollo',
		email,
		role,
		invited_by_name: 'Ada Lovelace',
		created_at: '2026-01-01T10:00:00Z'
	};
}

const ok = <T>(data: T): Promise<ApiResult<T>> => Promise.resolve({ ok: true, data });
const failure = (status: number, message: string) =>
	Promise.resolve({ ok: false as const, status, code: 'conflict', message });

/** A project on a pretend server, seen by `me` with `role`; records each call made. */
function fakeServer(role: Role, invitations: Invitation[] = []) {
	const calls: string[] = [];
	const project: Project = { id: PROJECT, name: 'Apollo', description: '', role };
	const api: MembersApi = {
		getProject: () => ok(project),
		listMembers: () => ok([ADA, BOB]),
		changeRole: (_, userId, newRole) => ok({ ...[ADA, BOB].find((m) => m.user_id === userId)!, role: newRole }),
		removeMember: (_, userId) => {
			calls.push(`remove ${userId}`);
			return ok(undefined);
		},
		inviteMember: (_, email, inviteRole) => {
			calls.push(`invite ${email}`);
			return ok({ ...invitation(email, inviteRole), token: `pfi_${email.split('@')[0]}` });
		},
		listInvitations: () => {
			calls.push('list invitations');
			return ok(invitations);
		},
		revokeInvitation: (_, id) => {
			calls.push(`revoke ${id}`);
			return ok(undefined);
		},
		renewInvitationLink: (_, id) => {
			calls.push(`renew ${id}`);
			return ok({ token: `pfi_new-${calls.length}` });
		}
	};
	return { api, calls };
}

const lastToast = () => toasts.items.at(-1)?.message;
const ORIGIN = 'https://flow.example.com';

beforeEach(() => session.start({ token: 't', user: { id: ADA.user_id, email: ADA.email, name: ADA.name } }));
afterEach(() => session.clear());

describe('loading the members screen', () => {
	it('shows owners the members and the pending invitations', async () => {
		const { api } = fakeServer('owner', [invitation('carol@example.com')]);
		const members = new MembersState(PROJECT, api);
		await members.load();
		expect(members.status).toBe('ready');
		expect(members.items.map((m) => m.email)).toEqual(['ada@example.com', 'bob@example.com']);
		expect(members.invitations.map((i) => i.email)).toEqual(['carol@example.com']);
	});

	it('does not ask for invitations for a caller who cannot manage them', async () => {
		const { api, calls } = fakeServer('viewer');
		const members = new MembersState(PROJECT, api);
		await members.load();
		expect(members.status).toBe('ready');
		expect(calls).not.toContain('list invitations');
		expect(members.invitations).toEqual([]);
	});

	it('still shows the members when the invitations cannot be read', async () => {
		const { api } = fakeServer('admin');
		api.listInvitations = () => failure(500, 'Something went wrong on our side.');
		const members = new MembersState(PROJECT, api);
		await members.load();
		expect(members.status).toBe('ready');
		expect(members.items).toHaveLength(2);
		expect(lastToast()).toBe('Something went wrong on our side.');
	});
});

describe('invitations', () => {
	it('lists a new invitation as pending, not as a member, with its link to pass on', async () => {
		const { api } = fakeServer('owner');
		const members = new MembersState(PROJECT, api, ORIGIN);
		await members.load();
		expect(await members.invite('dan@elsewhere.org', 'viewer')).toBe(true);
		expect(members.invitations).toEqual([invitation('dan@elsewhere.org', 'viewer')]);
		expect(members.items).toHaveLength(2);
		expect(members.created).toEqual({
			invitation: invitation('dan@elsewhere.org', 'viewer'),
			url: 'https://flow.example.com/invite/pfi_dan'
		});
	});

	it('makes a new link for a pending invitation, replacing the one shown before', async () => {
		const { api, calls } = fakeServer('owner');
		const members = new MembersState(PROJECT, api, ORIGIN);
		await members.load();
		await members.invite('dan@elsewhere.org', 'member');
		const dan = members.invitations[0];
		const url = await members.renewLink(dan);
		expect(calls).toContain(`renew ${dan.id}`);
		expect(url).toMatch(/^https:\/\/flow\.example\.com\/invite\/pfi_new-\d+$/);
		expect(members.renewed[dan.id]).toBe(url);
		// The link shown after inviting works no more: it is not offered any longer.
		expect(members.created).toBeNull();
	});

	it("keeps the old link when a new one cannot be made, with the server's message", async () => {
		const { api } = fakeServer('admin', [invitation('carol@example.com')]);
		api.renewInvitationLink = () => failure(403, 'You do not have access to this.');
		const members = new MembersState(PROJECT, api, ORIGIN);
		await members.load();
		expect(await members.renewLink(members.invitations[0])).toBeNull();
		expect(members.renewed).toEqual({});
		expect(lastToast()).toBe('You do not have access to this.');
	});

	it("keeps the list and shows the server's message when the email is already invited", async () => {
		const { api } = fakeServer('owner', [invitation('carol@example.com')]);
		api.inviteMember = () => failure(409, 'carol@example.com is already invited.');
		const members = new MembersState(PROJECT, api);
		await members.load();
		expect(await members.invite('carol@example.com', 'member')).toBe(false);
		expect(members.invitations).toHaveLength(1);
		expect(lastToast()).toBe('carol@example.com is already invited.');
	});

	it('drops a revoked invitation', async () => {
		const carol = invitation('carol@example.com');
		const { api, calls } = fakeServer('admin', [carol, invitation('dan@example.com')]);
		const members = new MembersState(PROJECT, api);
		await members.load();
		await members.renewLink(carol);
		expect(await members.revoke(carol)).toBe(true);
		expect(calls).toContain(`revoke ${carol.id}`);
		expect(members.invitations.map((i) => i.email)).toEqual(['dan@example.com']);
		expect(members.renewed).toEqual({});
	});
});

describe('leaving', () => {
	it('removes the caller by their own id and forgets their role and invitations', async () => {
		const { api, calls } = fakeServer('admin', [invitation('carol@example.com')]);
		const members = new MembersState(PROJECT, api);
		await members.load();
		expect(await members.leave()).toBe(true);
		expect(calls).toContain(`remove ${ADA.user_id}`);
		expect(members.callerRole).toBeNull();
		expect(members.canManage).toBe(false);
		expect(members.invitations).toEqual([]);
		expect(members.items.map((m) => m.email)).toEqual(['bob@example.com']);
		expect(lastToast()).toBe('You left Apollo.');
	});

	it('keeps the last owner in, with the server saying why', async () => {
		const { api } = fakeServer('owner');
		api.removeMember = () => failure(409, 'A project needs at least one owner.');
		const members = new MembersState(PROJECT, api);
		await members.load();
		expect(await members.leave()).toBe(false);
		expect(members.callerRole).toBe('owner');
		expect(members.items).toHaveLength(2);
		expect(lastToast()).toBe('A project needs at least one owner.');
	});

	it('removing someone else keeps the caller in charge', async () => {
		const { api } = fakeServer('owner');
		const members = new MembersState(PROJECT, api);
		await members.load();
		expect(await members.remove(BOB)).toBe(true);
		expect(members.callerRole).toBe('owner');
		expect(members.items.map((m) => m.email)).toEqual(['ada@example.com']);
	});
});
