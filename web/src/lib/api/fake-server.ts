// For unit tests of a feature's api.ts: stands in for the server at the HTTP edge of the one
// typed client, recording each request and answering with `reply`.
import { afterAll, beforeAll } from 'vitest';
import type { Middleware } from 'openapi-fetch';
import { api } from '$lib/api/client';
import { session } from '$lib/features/auth/session.svelte';

export type FakeServer = { sent: Request[]; reply: (request: Request) => Response | Promise<Response> };

/** Installs the fake for the test file, signed in as `userId` with token `tok-1`. */
export function fakeServer(userId: string): FakeServer {
	const server: FakeServer = { sent: [], reply: () => new Response(null, { status: 500 }) };
	const middleware: Middleware = {
		onRequest({ request }) {
			server.sent.push(request.clone());
			return server.reply(request);
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

type Handler = (request: Request) => Response | Promise<Response>;

/** A `reply` answering by "METHOD /path" (see `where`); anything else gets a 404. */
export function routes(table: Record<string, Handler>): Handler {
	return (request) =>
		table[where(request)]?.(request) ??
		json(404, { error: { code: 'not_found', message: `No fake route for ${where(request)}.`, details: null } });
}

/**
 * A text/event-stream response sending `chunks` one read at a time (so chunk boundaries fall where
 * a test puts them), then ending — or, with `drop`, failing as a dropped connection does.
 */
export function eventStream(chunks: string[], { drop = false } = {}): Response {
	const encoder = new TextEncoder();
	const queue = [...chunks];
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			const chunk = queue.shift();
			if (chunk !== undefined) controller.enqueue(encoder.encode(chunk));
			else if (drop) controller.error(new TypeError('network error'));
			else controller.close();
		}
	});
	return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}
