import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Middleware } from 'openapi-fetch';
import { api } from '$lib/api/client';
import { session } from '$lib/features/auth/session.svelte';
import { inviteMember, listInvitations, removeMember, revokeInvitation } from './api';

// Node has no page origin to resolve the client's relative URLs against; lend it one, as a browser
// would, before the client captures the Request class.
vi.hoisted(() => {
	const NativeRequest = globalThis.Request;
	globalThis.Request = class extends NativeRequest {
		constructor(input: RequestInfo | URL, init?: RequestInit) {
			super(typeof input === 'string' ? new URL(input, 'http://localhost') : input, init);
		}
	};
});

const PROJECT = '00000000-0000-0000-0000-0000000000aa';
const ME = '00000000-0000-0000-0000-0000000000bb';
const INVITATION = '00000000-0000-0000-0000-0000000000cc';

/** Stands in for the server at the HTTP edge: records each request and answers with `reply`. */
let sent: Request[] = [];
let reply: () => Response = () => new Response(null, { status: 500 });
const server: Middleware = {
	onRequest({ request }) {
		sent.push(request.clone());
		return reply();
	}
};

beforeAll(() => {
	session.start({ token: 'tok-1', user: { id: ME, email: 'ada@example.com', name: 'Ada' } });
	api.use(server);
});
afterAll(() => {
	api.eject(server);
	session.clear();
});

const json = (status: number, body: unknown) =>
	new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const where = (request: Request) => `${request.method} ${new URL(request.url, 'http://x').pathname}`;

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
		sent = [];
		reply = () => json(201, invitation);
		expect(await inviteMember(PROJECT, 'new.person@elsewhere.org', 'viewer')).toEqual({ ok: true, data: invitation });
		const [request] = sent;
		expect(where(request)).toBe(`POST /api/projects/${PROJECT}/invitations`);
		expect(request.headers.get('Authorization')).toBe('Bearer tok-1');
		expect(await request.json()).toEqual({ email: 'new.person@elsewhere.org', role: 'viewer' });
	});

	it('lists and revokes at the contract paths', async () => {
		sent = [];
		reply = () => json(200, [invitation]);
		expect(await listInvitations(PROJECT)).toEqual({ ok: true, data: [invitation] });
		reply = () => new Response(null, { status: 204 });
		expect((await revokeInvitation(PROJECT, INVITATION)).ok).toBe(true);
		expect(sent.map(where)).toEqual([
			`GET /api/projects/${PROJECT}/invitations`,
			`DELETE /api/projects/${PROJECT}/invitations/${INVITATION}`
		]);
	});

	it("returns the server's message for an email already invited", async () => {
		reply = () => json(409, { error: { code: 'conflict', message: 'Already invited.', details: null } });
		const result = await inviteMember(PROJECT, 'new.person@elsewhere.org', 'member');
		expect(result).toMatchObject({ ok: false, status: 409, message: 'Already invited.' });
	});
});

describe('leaving', () => {
	it('is removing yourself', async () => {
		sent = [];
		reply = () => new Response(null, { status: 204 });
		expect((await removeMember(PROJECT, ME)).ok).toBe(true);
		expect(where(sent[0])).toBe(`DELETE /api/projects/${PROJECT}/members/${ME}`);
	});
});
