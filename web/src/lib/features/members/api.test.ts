import { describe, expect, it } from 'vitest';
import { fakeServer, json, where } from '$lib/api/fake-server';
import { inviteMember, listInvitations, removeMember, renewInvitationLink, revokeInvitation } from './api';

const PROJECT = '00000000-0000-0000-0000-0000000000aa';
const ME = '00000000-0000-0000-0000-0000000000bb';
const INVITATION = '00000000-0000-0000-0000-0000000000cc';

const server = fakeServer(ME);

describe('project invitations', () => {
	const invitation = {
		id: INVITATION,
		project_id: PROJECT,
		project_name: 'Apollo',
		email: 'new.person@elsewhere.org',
		role: 'viewer',
		invited_by_name: 'Ada',
		created_at: '2026-01-01T10:00:00Z'
	};

	it('invites an email with a role, as JSON with the bearer token', async () => {
		server.sent = [];
		server.reply = () => json(201, invitation);
		expect(await inviteMember(PROJECT, 'new.person@elsewhere.org', 'viewer')).toEqual({ ok: true, data: invitation });
		const [request] = server.sent;
		expect(where(request)).toBe(`POST /api/projects/${PROJECT}/invitations`);
		expect(request.headers.get('Authorization')).toBe('Bearer tok-1');
		expect(await request.json()).toEqual({ email: 'new.person@elsewhere.org', role: 'viewer' });
	});

	it('lists and revokes at the contract paths', async () => {
		server.sent = [];
		server.reply = () => json(200, [invitation]);
		expect(await listInvitations(PROJECT)).toEqual({ ok: true, data: [invitation] });
		server.reply = () => new Response(null, { status: 204 });
		expect((await revokeInvitation(PROJECT, INVITATION)).ok).toBe(true);
		expect(server.sent.map(where)).toEqual([
			`GET /api/projects/${PROJECT}/invitations`,
			`DELETE /api/projects/${PROJECT}/invitations/${INVITATION}`
		]);
	});

	it('asks for a new link of a pending invitation', async () => {
		server.sent = [];
		server.reply = () => json(200, { token: 'pfi_new' });
		expect(await renewInvitationLink(PROJECT, INVITATION)).toEqual({ ok: true, data: { token: 'pfi_new' } });
		expect(where(server.sent[0])).toBe(`POST /api/projects/${PROJECT}/invitations/${INVITATION}/link`);
	});

	it("returns the server's message for an email already invited", async () => {
		server.reply = () => json(409, { error: { code: 'conflict', message: 'Already invited.', details: null } });
		const result = await inviteMember(PROJECT, 'new.person@elsewhere.org', 'member');
		expect(result).toMatchObject({ ok: false, status: 409, message: 'Already invited.' });
	});
});

describe('leaving', () => {
	it('is removing yourself', async () => {
		server.sent = [];
		server.reply = () => new Response(null, { status: 204 });
		expect((await removeMember(PROJECT, ME)).ok).toBe(true);
		expect(where(server.sent[0])).toBe(`DELETE /api/projects/${PROJECT}/members/${ME}`);
	});
});
