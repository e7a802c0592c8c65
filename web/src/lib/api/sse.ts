/**
 * Server-Sent Events over fetch. The browser's EventSource cannot send a bearer token, so this
 * reads `text/event-stream` bodies itself: `SseParser` is the wire format (WHATWG HTML, "Server-sent
 * events", section "Parsing an event stream"); `followEventStream` keeps one logical stream going
 * across dropped connections, resuming with `Last-Event-ID`.
 */
import type { ApiFailure, ApiResult } from './result';

/** One dispatched event: `event` defaults to "message", `id` is the last event id so far. */
export type SseEvent = { id: string; event: string; data: string };

/** Incremental parser: feed it decoded text as it arrives, in chunks of any size. */
export class SseParser {
	/** The last `id:` seen (kept across events, as the spec says); resume from it. */
	lastEventId: string;
	/** The server's `retry:` advice in milliseconds, if it gave one. */
	retryMs: number | null = null;
	#partial = '';
	#afterCR = false;
	#data: string[] = [];
	#event = '';
	#id: string;

	constructor(lastEventId = '') {
		this.lastEventId = lastEventId;
		this.#id = lastEventId;
	}

	/** The events completed by `text`; an unfinished line or event waits for the next chunk. */
	push(text: string): SseEvent[] {
		if (text === '') return [];
		// A CR ending the previous chunk and an LF starting this one are one CRLF line end.
		const chunk = this.#afterCR && text.startsWith('\n') ? text.slice(1) : text;
		this.#afterCR = false;
		const buffer = this.#partial + chunk;
		const events: SseEvent[] = [];
		const lineEnd = /\r\n|\r|\n/g;
		let start = 0;
		for (let match = lineEnd.exec(buffer); match; match = lineEnd.exec(buffer)) {
			if (match[0] === '\r' && lineEnd.lastIndex === buffer.length) this.#afterCR = true;
			this.#line(buffer.slice(start, match.index), events);
			start = lineEnd.lastIndex;
		}
		this.#partial = buffer.slice(start);
		return events;
	}

	#line(line: string, events: SseEvent[]): void {
		if (line === '') return this.#dispatch(events);
		if (line.startsWith(':')) return; // a comment: heartbeats keep the connection alive
		const colon = line.indexOf(':');
		const field = colon === -1 ? line : line.slice(0, colon);
		const raw = colon === -1 ? '' : line.slice(colon + 1);
		this.#field(field, raw.startsWith(' ') ? raw.slice(1) : raw);
	}

	#field(field: string, value: string): void {
		if (field === 'data') this.#data.push(value);
		else if (field === 'event') this.#event = value;
		else if (field === 'id' && !value.includes('\0')) this.#id = value;
		else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
	}

	#dispatch(events: SseEvent[]): void {
		this.lastEventId = this.#id;
		const data = this.#data;
		const event = this.#event;
		this.#data = [];
		this.#event = '';
		if (data.length > 0) events.push({ id: this.lastEventId, event: event || 'message', data: data.join('\n') });
	}
}

/** How hard to try before giving up on a stream: `attempts` reconnections in a row without an event. */
export type RetryPolicy = { attempts: number; baseMs: number; maxMs: number };

export type StreamOptions = {
	/** Opens the stream; `lastEventId` (null at first) goes out as the Last-Event-ID header. */
	open: (lastEventId: string | null, signal: AbortSignal) => Promise<ApiResult<ReadableStream<Uint8Array> | null>>;
	onEvent: (event: SseEvent) => void;
	/** True for the event after which the stream is complete (it is not reopened). */
	isFinal: (event: SseEvent) => boolean;
	signal?: AbortSignal;
	retry?: RetryPolicy;
	/** With nothing received for this long, not even a heartbeat, the connection counts as dropped. */
	idleTimeoutMs?: number;
	wait?: (ms: number, signal: AbortSignal) => Promise<void>;
};

/** ended: the final event came; failed: the stream could not be kept open (fall back to polling). */
export type StreamOutcome = { kind: 'ended' } | { kind: 'aborted' } | { kind: 'failed'; failure: ApiFailure };

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 500, maxMs: 8000 };
// Three of the server's 15-second heartbeats.
const DEFAULT_IDLE_TIMEOUT_MS = 45_000;

const DROPPED: ApiFailure = {
	ok: false,
	status: 0,
	code: 'stream_dropped',
	message: 'Lost the connection to the live updates.'
};

/** Connection results: the final event came, or how the connection ended before it. */
type Connection = { final: true } | { final: false; received: boolean; failure: ApiFailure };

/**
 * Follows a stream to its final event: a dropped connection (or one the server closed early) is
 * reopened after a growing delay, resuming after the last event id seen, so no event is lost or
 * repeated. Refusals the server will repeat (4xx) and too many drops in a row end it as failed.
 */
export async function followEventStream(options: StreamOptions): Promise<StreamOutcome> {
	const signal = options.signal ?? new AbortController().signal;
	const retry = options.retry ?? DEFAULT_RETRY;
	const wait = options.wait ?? sleep;
	const state = { lastEventId: null as string | null, retryMs: null as number | null };
	let drops = 0;
	while (!signal.aborted) {
		const connection = await connect(options, signal, state);
		if (signal.aborted) return { kind: 'aborted' };
		if (connection.final) return { kind: 'ended' };
		if (!isTransient(connection.failure)) return { kind: 'failed', failure: connection.failure };
		drops = connection.received ? 1 : drops + 1;
		if (drops > retry.attempts) return { kind: 'failed', failure: connection.failure };
		await wait(backoffMs(retry, drops, state.retryMs), signal);
	}
	return { kind: 'aborted' };
}

/** The delay before reconnection number `attempt` (from 1): doubling, from the server's advice if any, capped. */
export function backoffMs(retry: RetryPolicy, attempt: number, serverMs: number | null = null): number {
	const base = serverMs ?? retry.baseMs;
	return Math.min(retry.maxMs, base * 2 ** (attempt - 1));
}

/** Network errors, drops and server errors may pass; a refusal (401, 403, 404…) will not. */
function isTransient(failure: ApiFailure): boolean {
	return failure.status === 0 || failure.status === 429 || failure.status >= 500;
}

type ResumeState = { lastEventId: string | null; retryMs: number | null };

async function connect(options: StreamOptions, outer: AbortSignal, state: ResumeState): Promise<Connection> {
	const controller = new AbortController();
	const abort = () => controller.abort();
	outer.addEventListener('abort', abort, { once: true });
	// A silent connection (no headers, no heartbeat) is a dead one: abort it, to open another.
	const watchdog = new Watchdog(options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, abort);
	try {
		watchdog.arm();
		const opened = await options.open(state.lastEventId, controller.signal);
		if (!opened.ok) return { final: false, received: false, failure: opened };
		if (!opened.data) return { final: false, received: false, failure: DROPPED };
		return await read(opened.data, options, controller.signal, watchdog, state);
	} finally {
		watchdog.disarm();
		outer.removeEventListener('abort', abort);
		controller.abort();
	}
}

async function read(
	body: ReadableStream<Uint8Array>,
	options: StreamOptions,
	signal: AbortSignal,
	watchdog: Watchdog,
	state: ResumeState
): Promise<Connection> {
	const reader = body.getReader();
	const cancel = () => void reader.cancel().catch(() => undefined);
	signal.addEventListener('abort', cancel, { once: true });
	if (signal.aborted) cancel(); // aborted while opening: the listener came too late
	const parser = new SseParser(state.lastEventId ?? '');
	const decoder = new TextDecoder();
	let received = false;
	try {
		for (;;) {
			watchdog.arm();
			// A read fails when the connection drops (or is aborted): the same as an early end.
			const chunk = await reader.read().catch(() => null);
			if (!chunk || chunk.done || signal.aborted) return { final: false, received, failure: DROPPED };
			for (const event of parser.push(decoder.decode(chunk.value, { stream: true }))) {
				received = true;
				state.lastEventId = event.id || null;
				options.onEvent(event);
				if (options.isFinal(event)) return { final: true };
			}
			state.lastEventId = parser.lastEventId || null;
			state.retryMs = parser.retryMs ?? state.retryMs;
		}
	} finally {
		signal.removeEventListener('abort', cancel);
		cancel();
	}
}

/** Calls `onIdle` unless re-armed within `ms`. */
class Watchdog {
	readonly #ms: number;
	readonly #onIdle: () => void;
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(ms: number, onIdle: () => void) {
		this.#ms = ms;
		this.#onIdle = onIdle;
	}

	arm(): void {
		this.disarm();
		this.#timer = setTimeout(this.#onIdle, this.#ms);
	}

	disarm(): void {
		clearTimeout(this.#timer);
	}
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve();
		const done = () => {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		signal.addEventListener('abort', done, { once: true });
	});
}
