// For unit tests of a feature's api.ts: stands in for the server at the HTTP edge of the one
// typed client, recording each request and answering with `reply`.
import { afterAll, beforeAll } from 'vitest';
import type { Middleware } from 'openapi-fetch';
import { api } from '$lib/api/client';
import { session } from '$lib/features/auth/session.svelte';

export type FakeServer = { sent: Request[]; reply: () => Response };

/** Installs the fake for the test file, signed in as `userId` with token `tok-1`. */
export function fakeServer(userId: string): FakeServer {
	const server: FakeServer = { sent: [], reply: () => new Response(null, { status: 500 }) };
	const middleware: Middleware = {
		onRequest({ request }) {
			server.sent.push(request.clone());
			return server.reply();
		}
	};
	beforeAll(() => {
		session.start({ token: 'tok-1', user: { id: userId, email: 'ada@example.com', name: 'Ada' } });
		api.use(middleware);
	});
	afterAll(() => {
		api.eject(middleware);
		session.clear();
	});
	return server;
}

export const json = (status: number, body: unknown) =>
	new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** "METHOD /path" of a request, for asserting which endpoints were called. */
export const where = (request: Request) => `${request.method} ${new URL(request.url, 'http://x').pathname}`;
