import { describe, expect, it } from 'vitest';
import { eventStream } from './fake-server';
import type { ApiResult } from './result';
import { SseParser, backoffMs, followEventStream, type SseEvent, type StreamOptions } from './sse';

/** Everything `parser` dispatches for `chunks`, fed one after another. */
function parse(chunks: string[], parser = new SseParser()): SseEvent[] {
	return chunks.flatMap((chunk) => parser.push(chunk));
}

describe('SseParser', () => {
	const wire = 'id: 1\nevent: progress\ndata: {"progress":0.5}\n\n';

	it('reads id, event and data, and names events without `event:` "message"', () => {
		expect(parse([wire, 'data: plain\n\n'])).toEqual([
			{ id: '1', event: 'progress', data: '{"progress":0.5}' },
			{ id: '1', event: 'message', data: 'plain' }
		]);
	});

	it('gives the same events however the text is cut into chunks', () => {
		const text = `${wire}: heartbeat\n\nid: 2\nevent: succeeded\ndata: {"a":1}\n\n`;
		const whole = parse([text]);
		expect(whole).toHaveLength(2);
		for (let cut = 1; cut < text.length; cut++) {
			expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
		}
		expect(parse([...text])).toEqual(whole);
	});

	it('joins multi-line data with newlines', () => {
		expect(parse(['data: first\ndata:second\ndata\ndata:  indented\n\n'])).toEqual([
			{ id: '', event: 'message', data: 'first\nsecond\n\n indented' }
		]);
	});

	it('accepts CRLF, CR and LF line ends, also a CRLF split across chunks', () => {
		const expected = [{ id: '7', event: 'log', data: 'a\nb' }];
		expect(parse(['id: 7\r\nevent: log\r\ndata: a\r\ndata: b\r\n\r\n'])).toEqual(expected);
		expect(parse(['id: 7\revent: log\rdata: a\rdata: b\r\r'])).toEqual(expected);
		expect(parse(['id: 7\r', '\nevent: log\r', '\ndata: a\r\ndata: b\r', '\n\r', '\n'])).toEqual(expected);
	});

	it('skips comments and dispatches nothing for a block without data', () => {
		expect(parse([': heartbeat\n\n', ':\n\n', 'event: progress\n\n', 'data: x\n\n'])).toEqual([
			{ id: '', event: 'message', data: 'x' }
		]);
	});

	it('keeps the last id for later events, and takes an id from a block without data', () => {
		const parser = new SseParser();
		expect(parse(['id: 4\ndata: a\n\n', 'data: b\n\n', 'id: 9\n\n'], parser).map((e) => e.id)).toEqual(['4', '4']);
		expect(parser.lastEventId).toBe('9');
	});

	it('ignores an id holding NUL, unknown fields, and a non-numeric retry', () => {
		const parser = new SseParser('3');
		expect(parse(['id: 5\0\nfoo: bar\nretry: soon\ndata: x\n\n'], parser)).toEqual([{ id: '3', event: 'message', data: 'x' }]);
		expect(parser.retryMs).toBeNull();
		parse(['retry: 1500\n\n'], parser);
		expect(parser.retryMs).toBe(1500);
	});

	it('holds an unfinished event until its blank line comes', () => {
		const parser = new SseParser();
		expect(parser.push('id: 1\ndata: half')).toEqual([]);
		expect(parser.push('way\n')).toEqual([]);
		expect(parser.push('\n')).toEqual([{ id: '1', event: 'message', data: 'halfway' }]);
	});
});

/** A scripted server: each connection answers with the next of `connections`. */
function script(connections: (() => ApiResult<ReadableStream<Uint8Array> | null>)[]) {
	const asked: (string | null)[] = [];
	const delays: number[] = [];
	const events: SseEvent[] = [];
	const options: StreamOptions = {
		open: async (lastEventId) => {
			asked.push(lastEventId);
			const next = connections.shift();
			if (!next) throw new Error('no more connections scripted');
			return next();
		},
		onEvent: (event) => events.push(event),
		isFinal: (event) => event.event === 'succeeded',
		retry: { attempts: 3, baseMs: 100, maxMs: 250 },
		wait: async (ms) => void delays.push(ms)
	};
	return { options, asked, delays, events };
}

const stream = (chunks: string[], drop = false) => () =>
	({ ok: true, data: eventStream(chunks, { drop }).body }) as const;
const refusal = (status: number) => () => ({ ok: false, status, code: 'x', message: `refused ${status}` }) as const;
const event = (id: number, type: string) => `id: ${id}\nevent: ${type}\ndata: {"n":${id}}\n\n`;

describe('followEventStream', () => {
	it('stops after the final event', async () => {
		const { options, asked, events } = script([stream([event(1, 'progress'), event(2, 'succeeded'), event(3, 'log')])]);
		expect(await followEventStream(options)).toEqual({ kind: 'ended' });
		expect(asked).toEqual([null]);
		expect(events.map((e) => e.id)).toEqual(['1', '2']);
	});

	it('reconnects after a dropped connection with the last id, so nothing is lost or repeated', async () => {
		const { options, asked, events, delays } = script([
			stream([event(1, 'progress'), event(2, 'progress'), 'id: 3\nevent: progress\ndata: {"n"'], true),
			stream([event(3, 'progress'), event(4, 'succeeded')])
		]);
		expect(await followEventStream(options)).toEqual({ kind: 'ended' });
		expect(asked).toEqual([null, '2']);
		expect(events.map((e) => e.id)).toEqual(['1', '2', '3', '4']);
		expect(delays).toEqual([100]);
	});

	it('reconnects when the server ends the stream before the final event', async () => {
		const { options, asked } = script([stream([': heartbeat\n\n', event(5, 'progress')]), stream([event(6, 'succeeded')])]);
		expect(await followEventStream(options)).toEqual({ kind: 'ended' });
		expect(asked).toEqual([null, '5']);
	});

	it('backs off, bounded, and gives up after too many drops in a row', async () => {
		const drop = stream([], true);
		const { options, delays } = script([drop, refusal(503), drop, drop]);
		const outcome = await followEventStream(options);
		expect(outcome).toMatchObject({ kind: 'failed', failure: { status: 0 } });
		expect(delays).toEqual([100, 200, 250]);
	});

	it('counts drops afresh once a connection delivered events', async () => {
		const drop = stream([], true);
		const { options, delays } = script([drop, drop, stream([event(1, 'progress')], true), drop, stream([event(2, 'succeeded')])]);
		expect(await followEventStream(options)).toEqual({ kind: 'ended' });
		expect(delays).toEqual([100, 200, 100, 200]);
	});

	it('gives up at once when the server refuses (403), which it would repeat', async () => {
		const { options, asked } = script([refusal(403)]);
		expect(await followEventStream(options)).toMatchObject({ kind: 'failed', failure: { status: 403 } });
		expect(asked).toHaveLength(1);
	});

	it("waits the server's `retry:` advice before reconnecting", async () => {
		const { options, delays } = script([stream(['retry: 40\n\n', event(1, 'progress')], true), stream([event(2, 'succeeded')])]);
		await followEventStream(options);
		expect(delays).toEqual([40]);
	});

	it('treats a silent connection as dropped', async () => {
		const silent = () => ({ ok: true, data: new ReadableStream<Uint8Array>() }) as const;
		const { options, asked } = script([silent, stream([event(1, 'succeeded')])]);
		expect(await followEventStream({ ...options, idleTimeoutMs: 10 })).toEqual({ kind: 'ended' });
		expect(asked).toEqual([null, null]);
	});

	it('stops when aborted', async () => {
		const controller = new AbortController();
		const { options } = script([stream([event(1, 'progress')], true)]);
		options.onEvent = () => controller.abort();
		expect(await followEventStream({ ...options, signal: controller.signal })).toEqual({ kind: 'aborted' });
	});

	it('decodes UTF-8 split across chunks', async () => {
		const bytes = new TextEncoder().encode('data: Café ✓\n\nevent: succeeded\ndata: {}\n\n');
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(bytes.slice(0, 10)); // inside "é"
				controller.enqueue(bytes.slice(10, 13)); // inside "✓"
				controller.enqueue(bytes.slice(13));
				controller.close();
			}
		});
		const { options, events } = script([() => ({ ok: true, data: body })]);
		await followEventStream(options);
		expect(events[0].data).toBe('Café ✓');
	});
});

describe('backoffMs', () => {
	it('doubles from the base, up to the cap', () => {
		const policy = { attempts: 9, baseMs: 500, maxMs: 8000 };
		expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(policy, n))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
	});
});
