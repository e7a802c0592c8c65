/**
 * Streaming text for a screen reader: a polite live region given every token would talk over
 * itself, so the words added since the last announcement go out at most once per `everyMs`
 * (and at once when the stream ends).
 */
export type Timers = {
	set: (callback: () => void, ms: number) => ReturnType<typeof setTimeout>;
	clear: (timer: ReturnType<typeof setTimeout>) => void;
};

const REAL_TIMERS: Timers = { set: (callback, ms) => setTimeout(callback, ms), clear: (timer) => clearTimeout(timer) };

export class ThrottledAnnouncer {
	readonly #say: (words: string) => void;
	readonly #everyMs: number;
	readonly #timers: Timers;
	#latest = '';
	#said = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;

	constructor(say: (words: string) => void, everyMs = 1500, timers: Timers = REAL_TIMERS) {
		this.#say = say;
		this.#everyMs = everyMs;
		this.#timers = timers;
	}

	/** The whole text so far; what is new in it is announced now, or when the pause is over. */
	update(text: string): void {
		// Another text (a new round) starts over.
		if (!text.startsWith(this.#latest.slice(0, this.#said))) this.#said = 0;
		this.#latest = text;
		if (this.#timer === null) this.#announce();
	}

	/** Announce what is left now (the stream ended). */
	flush(): void {
		this.#stop();
		this.#announce(false);
	}

	dispose(): void {
		this.#stop();
	}

	#announce(wait = true): void {
		const words = this.#latest.slice(this.#said).trim();
		this.#said = this.#latest.length;
		if (words) this.#say(words);
		if (!wait || !words) return;
		this.#timer = this.#timers.set(() => {
			this.#timer = null;
			if (this.#latest.length > this.#said) this.#announce();
		}, this.#everyMs);
	}

	#stop(): void {
		if (this.#timer !== null) this.#timers.clear(this.#timer);
		this.#timer = null;
	}
}
