import { describe, expect, it } from 'vitest';
import { toResult } from './result';

const json = (status: number, body: unknown) =>
	Promise.resolve({ error: body, response: new Response(JSON.stringify(body), { status }) });

describe('toResult', () => {
	it('passes data through on success', async () => {
		const outcome = Promise.resolve({ data: { id: 1 }, response: new Response('{}', { status: 200 }) });
		expect(await toResult(outcome)).toEqual({ ok: true, data: { id: 1 } });
	});

	it("takes the server's error message", async () => {
		const body = { error: { code: 'conflict', message: 'WIP limit reached', details: null } };
		expect(await toResult(json(409, body))).toEqual({
			ok: false,
			status: 409,
			code: 'conflict',
			message: 'WIP limit reached'
		});
	});

	it('falls back to a generic message for an unexpected body', async () => {
		const result = await toResult(json(502, 'Bad Gateway'));
		expect(result).toMatchObject({ ok: false, status: 502, message: 'Request failed (502).' });
	});

	it('reports a network failure', async () => {
		const result = await toResult(Promise.reject(new TypeError('fetch failed')));
		expect(result).toMatchObject({ ok: false, status: 0, code: 'network_error' });
	});
});
