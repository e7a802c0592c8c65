import type { ApiFailure, ApiResult } from '$lib/api/result';
import type { InvitationPreview, Project } from '$lib/api/types';
import { withNext } from '$lib/features/auth/next';
import { acceptInvitationLink, previewInvitationLink } from './api';
import { invitePath } from './links';

/** The API calls an invitation link makes (tests hand in their own). */
export type InviteLinkApi = {
	previewInvitationLink: (token: string) => Promise<ApiResult<InvitationPreview>>;
	acceptInvitationLink: (token: string) => Promise<ApiResult<Project>>;
};

const serverApi: InviteLinkApi = { previewInvitationLink, acceptInvitationLink };

/** `unknown`: the link was renewed, revoked or used (the server's message says so). */
export type InviteLinkStatus = 'loading' | 'ready' | 'unknown' | 'error';

/**
 * An invitation link opened by whoever holds it: what it offers (read without signing in), the
 * way to log in or sign up and come back to it, and joining once signed in — with any email.
 */
export class InviteLink {
	status = $state<InviteLinkStatus>('loading');
	preview = $state<InvitationPreview | null>(null);
	message = $state('');
	joining = $state(false);
	/** Why joining failed (the link still works: try again). */
	failure = $state('');
	readonly token: string;
	readonly #api: InviteLinkApi;

	constructor(token: string, calls: InviteLinkApi = serverApi) {
		this.token = token;
		this.#api = calls;
	}

	/** Log in, then come back here. */
	get loginHref(): string {
		return withNext('/login', invitePath(this.token));
	}

	/** Sign up (with any email), then come back here. */
	get signupHref(): string {
		return withNext('/signup', invitePath(this.token));
	}

	async load(): Promise<void> {
		const result = await this.#api.previewInvitationLink(this.token);
		if (!result.ok) return this.#fail(result);
		this.preview = result.data;
		this.status = 'ready';
	}

	/** Joins the project; resolves with it (and the role the caller has there), or null. */
	async join(): Promise<Project | null> {
		this.joining = true;
		this.failure = '';
		const result = await this.#api.acceptInvitationLink(this.token);
		this.joining = false;
		if (result.ok) return result.data;
		if (result.status === 404) this.#fail(result);
		// A 401 has already signed the person out: the page offers logging in again.
		else if (result.status !== 401) this.failure = result.message;
		return null;
	}

	#fail(failure: ApiFailure): void {
		this.status = failure.status === 404 ? 'unknown' : 'error';
		this.message = failure.message;
	}
}
