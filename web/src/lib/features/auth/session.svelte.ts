import type { SessionOut, User } from '$lib/api/types';

const STORAGE_KEY = 'projectflow.session';

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function readStored(storage: KeyValueStorage | null): SessionOut | null {
	const raw = storage?.getItem(STORAGE_KEY);
	if (!raw) return null;
	try {
		const parsed = JSON.parse(raw) as Partial<SessionOut>;
		return typeof parsed.token === 'string' && parsed.user ? (parsed as SessionOut) : null;
	} catch {
		return null;
	}
}

/** The signed-in user and their bearer token, mirrored to storage so a reload keeps them. */
export class Session {
	token = $state<string | null>(null);
	user = $state<User | null>(null);
	/** The last session ended by logging out (not by expiring): nothing to come back to. */
	loggedOut = $state(false);
	readonly #storage: KeyValueStorage | null;

	constructor(storage: KeyValueStorage | null) {
		this.#storage = storage;
		const stored = readStored(storage);
		this.token = stored?.token ?? null;
		this.user = stored?.user ?? null;
	}

	get signedIn(): boolean {
		return this.token !== null;
	}

	start(value: SessionOut): void {
		this.token = value.token;
		this.user = value.user;
		this.loggedOut = false;
		this.#storage?.setItem(STORAGE_KEY, JSON.stringify(value));
	}

	/** Forget the session; `loggedOut` when the person asked to (a 401 leaves it false). */
	clear(loggedOut = false): void {
		this.token = null;
		this.user = null;
		this.loggedOut = loggedOut;
		this.#storage?.removeItem(STORAGE_KEY);
	}
}

export const session = new Session(typeof localStorage === 'undefined' ? null : localStorage);
