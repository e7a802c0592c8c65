/**
 * The card drawer's fields, saved as the person works: a short pause in typing or leaving a
 * field saves; every keystroke is also kept in local storage until the server has it, so a
 * failed save, a reload or a closed tab loses nothing.
 */
import type { ApiResult } from '$lib/api/result';
import type { Card, CardUpdate } from '$lib/api/types';
import { changedFields, draftOf, type CardDraft } from '../boards/card-draft';
import { cardFieldKey, DraftStore } from './draft-store';

/**
 * idle: nothing typed yet; pending: typed, not sent yet; saving; saved; failed: the server
 * refused or could not be reached; invalid: the title is empty (nothing the server would take);
 * restored: unsaved text from an earlier visit is back in the form.
 */
export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'failed' | 'invalid' | 'restored';

export type AutosaveOptions = {
	save: (body: CardUpdate) => Promise<ApiResult<Card>>;
	onsaved: (card: Card) => void;
	store?: DraftStore;
	/** How long typing must pause before a save. */
	delayMs?: number;
};

const FIELDS = ['title', 'description', 'due', 'assignees'] as const satisfies readonly (keyof CardDraft)[];
type Field = (typeof FIELDS)[number];

export const TITLE_REQUIRED = 'A card needs a title.';

function isFieldValue(field: Field, value: unknown): value is CardDraft[Field] {
	if (field === 'assignees') return Array.isArray(value) && value.every((item) => typeof item === 'string');
	return typeof value === 'string';
}

function sameValue(a: CardDraft[Field], b: CardDraft[Field]): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** A plain copy (of the reactive draft): what was sent must not change with later typing. */
function copyDraft(draft: CardDraft): CardDraft {
	return { ...draft, assignees: [...draft.assignees] };
}

/**
 * The draft after the server answered with `saved` (`sent` is the draft as it was sent): a field
 * edited meanwhile stays as typed; a field the server took as sent keeps its text as typed too
 * (a trailing space or comma is not yanked from under the cursor); any other field follows
 * `saved`.
 */
export function settledDraft(sent: CardDraft, current: CardDraft, saved: Card): CardDraft {
	const fresh = draftOf(saved);
	const draft: Record<Field, CardDraft[Field]> = { ...fresh };
	for (const field of FIELDS) {
		if (!sameValue(current[field], sent[field])) draft[field] = current[field];
		else if (Object.keys(changedFields(saved, { ...fresh, [field]: sent[field] })).length === 0) draft[field] = sent[field];
	}
	return draft as CardDraft;
}

export class CardAutosave {
	draft: CardDraft = $state() as CardDraft;
	status = $state<SaveStatus>('idle');
	message = $state('');
	readonly cardId: string;
	/** The server's card the draft was made from: what changedFields compares against. */
	#base: Card;
	readonly #options: Required<AutosaveOptions>;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#running: Promise<void> | null = null;
	#again = false;

	constructor(card: Card, options: AutosaveOptions) {
		this.cardId = card.id;
		this.#base = card;
		this.#options = { store: new DraftStore(), delayMs: 800, ...options };
		this.draft = this.#restore(draftOf(card));
	}

	/** Fields whose text differs from the server's card (an empty title counts). */
	get dirty(): boolean {
		return Object.keys(changedFields(this.#base, this.draft)).length > 0 || this.#titleMissing();
	}

	/** Unsaved text the person was told about (a refusal, an empty title) and would lose. */
	get atRisk(): boolean {
		return this.dirty && (this.status === 'failed' || this.status === 'invalid');
	}

	/** After every change to the draft: keep it locally, save once typing pauses. */
	edited(): void {
		this.#persist();
		this.status = this.#titleMissing() ? 'invalid' : 'pending';
		this.message = this.status === 'invalid' ? TITLE_REQUIRED : '';
		this.#clearTimer();
		this.#timer = setTimeout(() => void this.flush(), this.#options.delayMs);
	}

	/** Save now (leaving a field, closing, Retry); true once nothing unsaved is left. */
	async flush(): Promise<boolean> {
		this.#clearTimer();
		if (this.#running) this.#again = true;
		else this.#running = this.#saveUntilSettled().finally(() => (this.#running = null));
		await this.#running;
		return !this.dirty;
	}

	/** Back to the server's card; the local drafts go too. */
	discard(): void {
		this.#clearTimer();
		this.draft = draftOf(this.#base);
		for (const field of FIELDS) this.#options.store.delete(cardFieldKey(this.cardId, field));
		this.status = 'idle';
		this.message = '';
	}

	/** A newer copy of the card from elsewhere (archive, move): fields not being edited follow it. */
	accept(card: Card): void {
		const current = copyDraft(this.draft);
		this.draft = settledDraft(draftOf(this.#base), current, card);
		this.#base = card;
	}

	dispose(): void {
		this.#clearTimer();
	}

	async #saveUntilSettled(): Promise<void> {
		do {
			this.#again = false;
			await this.#saveOnce();
		} while (this.#again && this.status !== 'failed');
	}

	async #saveOnce(): Promise<void> {
		const sent = copyDraft(this.draft);
		const titleMissing = this.#titleMissing(sent);
		const body = changedFields(this.#base, sent);
		if (titleMissing) delete body.title;
		if (Object.keys(body).length === 0) return this.#settle(titleMissing, this.status === 'idle' ? 'idle' : 'saved');
		this.status = 'saving';
		const result = await this.#options.save(body);
		if (!result.ok) {
			this.status = 'failed';
			this.message = result.message;
			return;
		}
		const current = copyDraft(this.draft);
		this.draft = { ...settledDraft(sent, current, result.data), ...(titleMissing ? { title: current.title } : {}) };
		this.#base = result.data;
		this.#options.onsaved(result.data);
		this.#settle(this.#titleMissing(), this.dirty ? 'pending' : 'saved');
	}

	#settle(titleMissing: boolean, status: SaveStatus): void {
		this.#forgetSaved();
		this.status = titleMissing ? 'invalid' : status;
		this.message = titleMissing ? TITLE_REQUIRED : '';
	}

	#titleMissing(draft: CardDraft = this.draft): boolean {
		return draft.title.trim() === '';
	}

	/** Each field that differs from the server's card goes to local storage; the rest leave it. */
	#persist(): void {
		const saved = draftOf(this.#base);
		for (const field of FIELDS) {
			const key = cardFieldKey(this.cardId, field);
			if (sameValue(this.draft[field], saved[field])) this.#options.store.delete(key);
			else this.#options.store.set(key, this.draft[field]);
		}
	}

	#forgetSaved(): void {
		const saved = draftOf(this.#base);
		for (const field of FIELDS) {
			if (sameValue(this.draft[field], saved[field])) this.#options.store.delete(cardFieldKey(this.cardId, field));
		}
	}

	/** The card's fields, with any unsaved text a previous visit left in local storage. */
	#restore(fresh: CardDraft): CardDraft {
		const draft = { ...fresh };
		for (const field of FIELDS) {
			const key = cardFieldKey(this.cardId, field);
			const stored = this.#options.store.get(key);
			if (stored === undefined) continue;
			if (!isFieldValue(field, stored) || sameValue(stored, fresh[field])) this.#options.store.delete(key);
			else (draft as Record<Field, CardDraft[Field]>)[field] = stored;
		}
		if (FIELDS.some((field) => !sameValue(draft[field], fresh[field]))) this.status = 'restored';
		return draft;
	}

	#clearTimer(): void {
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#timer = null;
	}
}
