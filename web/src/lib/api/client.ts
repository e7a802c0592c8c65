import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { session } from '$lib/features/auth/session.svelte';

/** Adds the bearer token; a 401 means the token is gone server-side, so forget it here too. */
const auth: Middleware = {
	onRequest({ request }) {
		if (session.token) request.headers.set('Authorization', `Bearer ${session.token}`);
		return request;
	},
	onResponse({ request, response }) {
		if (response.status === 401 && request.headers.has('Authorization')) session.clear();
		return response;
	}
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);
