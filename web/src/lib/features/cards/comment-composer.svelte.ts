/**
 * The comment being written on a card: kept in local storage as it is typed (a reload or a
 * closed drawer keeps it), cleared once posted, kept when posting fails.
 */
import { commentKey, DraftStore } from './draft-store';

export class CommentComposer {
	text = $state('');
	posting = $state(false);
	readonly #key: string;
	readonly #store: DraftStore;

	constructor(cardId: string, store: DraftStore = new DraftStore()) {
		this.#key = commentKey(cardId);
		this.#store = store;
		const saved = store.get(this.#key);
		this.text = typeof saved === 'string' ? saved : '';
	}

	get canPost(): boolean {
		return !this.posting && this.text.trim() !== '';
	}

	edited(): void {
		if (this.text === '') this.#store.delete(this.#key);
		else this.#store.set(this.#key, this.text);
	}

	/** Post the text with `post`; true (and the box emptied) once the server has it. */
	async submit(post: (body: string) => Promise<boolean>): Promise<boolean> {
		if (!this.canPost) return false;
		this.posting = true;
		// The box is read-only while posting, so what was sent is what it holds.
		const ok = await post(this.text.trim());
		this.posting = false;
		if (ok) this.text = '';
		this.edited();
		return ok;
	}
}
