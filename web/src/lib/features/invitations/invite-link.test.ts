import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { InvitationPreview, Project } from '$lib/api/types';
import { InviteLink, type InviteLinkApi } from './invite-link.svelte';

const TOKEN = 'pfi_abc';
const PREVIEW: InvitationPreview = {
	project_name: 'Apollo',
	invited_by_name: 'Ada Lovelace',
	role: 'member',
	email: 'nobody@nowhere.example'
};
const PROJECT: Project = { id: 'p1', name: 'Apollo', description: '', role: 'member' };
const GONE = 'This invitation link does not work: it was renewed, revoked or already used.';

const ok = <T>(data: T): Promise<ApiResult<T>> => Promise.resolve({ ok: true, data });
const failure = (status: number, message: string) =>
	Promise.resolve({ ok: false as const, status, code: status === 404 ? 'not_found' : 'error', message });

function server(overrides: Partial<InviteLinkApi> = {}): InviteLinkApi {
	return { previewInvitationLink: () => ok(PREVIEW), acceptInvitationLink: () => ok(PROJECT), ...overrides };
}

describe('an invitation link', () => {
	it('shows what it offers, without signing in', async () => {
		const link = new InviteLink(TOKEN, server());
		expect(link.status).toBe('loading');
		await link.load();
		expect([link.status, link.preview]).toEqual(['ready', PREVIEW]);
	});

	it('logs in or signs up, then comes back to the link', () => {
		const link = new InviteLink(TOKEN, server());
		expect(link.loginHref).toBe('/login?next=%2Finvite%2Fpfi_abc');
		expect(link.signupHref).toBe('/signup?next=%2Finvite%2Fpfi_abc');
	});

	it("says clearly when the link is unknown or used, in the server's words", async () => {
		const link = new InviteLink(TOKEN, server({ previewInvitationLink: () => failure(404, GONE) }));
		await link.load();
		expect([link.status, link.message]).toEqual(['unknown', GONE]);
	});

	it('tells a failure to reach the server from a dead link', async () => {
		const link = new InviteLink(TOKEN, server({ previewInvitationLink: () => failure(0, 'Could not reach the server.') }));
		await link.load();
		expect(link.status).toBe('error');
	});

	it('joins with the link and resolves with the project and role', async () => {
		const link = new InviteLink(TOKEN, server());
		await link.load();
		const joining = link.join();
		expect(link.joining).toBe(true);
		expect(await joining).toEqual(PROJECT);
		expect([link.joining, link.failure]).toEqual([false, '']);
	});

	it('turns into the dead-link message when the link was used meanwhile', async () => {
		const link = new InviteLink(TOKEN, server({ acceptInvitationLink: () => failure(404, GONE) }));
		await link.load();
		expect(await link.join()).toBeNull();
		expect([link.status, link.message]).toEqual(['unknown', GONE]);
	});

	it('keeps the offer and says why when joining fails otherwise', async () => {
		const link = new InviteLink(TOKEN, server({ acceptInvitationLink: () => failure(500, 'Something went wrong.') }));
		await link.load();
		expect(await link.join()).toBeNull();
		expect([link.status, link.failure]).toEqual(['ready', 'Something went wrong.']);
	});
});
