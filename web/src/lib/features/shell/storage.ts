/** The part of Web Storage the shell's remembered settings use (tests hand in a Map-backed one). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** localStorage where there is one; reading it can throw (storage disabled), which is "none". */
export function browserStorage(): KeyValueStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

/** The JSON stored under `key`, or null when there is none or it does not parse. */
export function readJson(storage: KeyValueStorage | null, key: string): unknown {
	try {
		const raw = storage?.getItem(key);
		return raw ? (JSON.parse(raw) as unknown) : null;
	} catch {
		return null;
	}
}

/** Store `value` as JSON; a full or disabled storage only means it is not remembered. */
export function writeJson(storage: KeyValueStorage | null, key: string, value: unknown): void {
	try {
		storage?.setItem(key, JSON.stringify(value));
	} catch {
		// Not remembered; the setting still applies until the page goes away.
	}
}
