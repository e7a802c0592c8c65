/**
 * Unsaved text kept in the browser's local storage, so a reload, a crash or a closed tab never
 * loses it: one entry per card field (and one per card for the comment being written), removed
 * once the server has it.
 */

const PREFIX = 'projectflow.draft';

/** The part of the Web Storage API this needs (tests hand in a Map-backed one). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function cardFieldKey(cardId: string, field: string): string {
	return `${PREFIX}.card.${cardId}.${field}`;
}

export function commentKey(cardId: string): string {
	return `${PREFIX}.comment.${cardId}`;
}

function browserStorage(): DraftStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // storage disabled by the browser's settings
	}
}

/** JSON values by key; storage that is missing, full or refusing only means no draft is kept. */
export class DraftStore {
	readonly #storage: DraftStorage | null;

	constructor(storage: DraftStorage | null = browserStorage()) {
		this.#storage = storage;
	}

	get(key: string): unknown {
		try {
			const text = this.#storage?.getItem(key);
			return text == null ? undefined : JSON.parse(text);
		} catch {
			return undefined;
		}
	}

	set(key: string, value: unknown): void {
		try {
			this.#storage?.setItem(key, JSON.stringify(value));
		} catch {
			// Quota exceeded or storage refused: the text is still in the form.
		}
	}

	delete(key: string): void {
		try {
			this.#storage?.removeItem(key);
		} catch {
			// Nothing to do: a draft that cannot be removed is overwritten by the next one.
		}
	}
}

/** A DraftStorage in memory, for tests and for browsers without storage. */
export class MemoryStorage implements DraftStorage {
	readonly items = new Map<string, string>();

	getItem(key: string): string | null {
		return this.items.get(key) ?? null;
	}

	setItem(key: string, value: string): void {
		this.items.set(key, value);
	}

	removeItem(key: string): void {
		this.items.delete(key);
	}
}
