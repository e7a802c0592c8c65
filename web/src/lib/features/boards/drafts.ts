/**
 * Text typed into the board's add forms, kept in local storage until it is saved, so a reload
 * (or a crash, or a refused save) does not lose it. One draft per form: `new-card.<column id>`,
 * `new-column.<board id>`.
 */

export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const PREFIX = 'projectflow.draft.';

export function cardDraftKey(columnId: string): string {
	return `new-card.${columnId}`;
}

export function columnDraftKey(boardId: string): string {
	return `new-column.${boardId}`;
}

/** Drafts in a Storage; a storage that refuses (quota, private mode) just keeps nothing. */
export class Drafts {
	readonly #storage: DraftStorage | null;

	constructor(storage: DraftStorage | null) {
		this.#storage = storage;
	}

	read(key: string): string {
		try {
			return this.#storage?.getItem(PREFIX + key) ?? '';
		} catch {
			return '';
		}
	}

	/** Blank text removes the draft. */
	write(key: string, text: string): void {
		try {
			if (text.trim()) this.#storage?.setItem(PREFIX + key, text);
			else this.#storage?.removeItem(PREFIX + key);
		} catch {
			// Nothing to do: the text is still in the field.
		}
	}

	clear(key: string): void {
		this.write(key, '');
	}
}

function browserStorage(): DraftStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

export const drafts = new Drafts(browserStorage());
