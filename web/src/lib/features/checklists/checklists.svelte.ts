/**
 * A card's checklists in the drawer. Every change shows at once and is sent in order, one
 * request at a time; what is shown is the server's last answer with the changes still under way
 * applied on top, so a refused change simply drops out (rolls back) and the person is told why.
 */
import type { ApiResult } from '$lib/api/result';
import type { Card } from '$lib/api/types';
import { checklistApi, type Checklist, type ChecklistApi, type ItemConverted } from './api';
import {
	isPending,
	moveRequest,
	pendingId,
	withChecklist,
	withItem,
	withItemAt,
	withItemChange,
	withTitle,
	withoutChecklist,
	withoutItem
} from './ops';

export type ChecklistsOptions = {
	/** Every card the server answers with (the board shows its badge from it). */
	onsaved: (card: Card) => void;
	/** A refused change, in words, after it has been rolled back. */
	onerror: (message: string) => void;
	api?: ChecklistApi;
};

type Change = {
	show: (lists: Checklist[]) => Checklist[];
	send: () => Promise<ApiResult<Card>>;
	/** "Could not tick “Buy fuel”" */
	failure: string;
	/** A refusal the caller handles itself (a convert's full column): no message. */
	quietOn?: number;
	done: (result: ApiResult<Card>) => void;
};

const NOT_YET: ApiResult<never> = { ok: false, status: 0, code: 'pending', message: 'Wait until it is saved.' };

export class ChecklistsState {
	/** The server's checklists, as of its last answer. */
	confirmed = $state.raw<Checklist[]>([]);
	/** Changes sent or waiting to be, oldest first. */
	#changes = $state.raw<Change[]>([]);
	readonly lists = $derived(this.#changes.reduce((lists, change) => change.show(lists), this.confirmed));
	readonly cardId: string;
	readonly #api: ChecklistApi;
	readonly #options: ChecklistsOptions;
	#running = false;

	constructor(card: Pick<Card, 'id' | 'checklists'>, options: ChecklistsOptions) {
		this.cardId = card.id;
		this.confirmed = card.checklists;
		this.#api = options.api ?? checklistApi;
		this.#options = options;
	}

	/** Changes are on their way to the server. */
	get saving(): boolean {
		return this.#changes.length > 0;
	}

	/** A newer copy of the card (from elsewhere): taken when nothing is under way. */
	sync(card: Pick<Card, 'checklists'>): void {
		if (!this.saving) this.confirmed = card.checklists;
	}

	checklist(listId: string): Checklist | undefined {
		return this.lists.find((list) => list.id === listId);
	}

	addChecklist(title: string): Promise<ApiResult<Card>> {
		const shown = { id: pendingId(), title, items: [] };
		return this.#change({
			show: (lists) => withChecklist(lists, shown),
			send: () => this.#api.addChecklist(this.cardId, title),
			failure: `Could not add the checklist “${title}”`
		});
	}

	renameChecklist(listId: string, title: string): Promise<ApiResult<Card>> {
		return this.#onSaved(listId, () =>
			this.#change({
				show: (lists) => withTitle(lists, listId, title),
				send: () => this.#api.renameChecklist(this.cardId, listId, title),
				failure: `Could not rename the checklist to “${title}”`
			})
		);
	}

	deleteChecklist(listId: string): Promise<ApiResult<Card>> {
		const title = this.checklist(listId)?.title ?? '';
		return this.#onSaved(listId, () =>
			this.#change({
				show: (lists) => withoutChecklist(lists, listId),
				send: () => this.#api.deleteChecklist(this.cardId, listId),
				failure: `Could not delete the checklist “${title}”`
			})
		);
	}

	addItem(listId: string, text: string): Promise<ApiResult<Card>> {
		const shown = { id: pendingId(), text, done: false };
		return this.#onSaved(listId, () =>
			this.#change({
				show: (lists) => withItem(lists, listId, shown),
				send: () => this.#api.addItem(this.cardId, listId, text),
				failure: `Could not add “${text}”`
			})
		);
	}

	setDone(listId: string, itemId: string, done: boolean): Promise<ApiResult<Card>> {
		const text = this.#text(listId, itemId);
		return this.#onSaved(itemId, () =>
			this.#change({
				show: (lists) => withItemChange(lists, listId, itemId, { done }),
				send: () => this.#api.updateItem(this.cardId, listId, itemId, { done }),
				failure: done ? `Could not tick “${text}”` : `Could not untick “${text}”`
			})
		);
	}

	setText(listId: string, itemId: string, text: string): Promise<ApiResult<Card>> {
		return this.#onSaved(itemId, () =>
			this.#change({
				show: (lists) => withItemChange(lists, listId, itemId, { text }),
				send: () => this.#api.updateItem(this.cardId, listId, itemId, { text }),
				failure: `Could not change the item to “${text}”`
			})
		);
	}

	deleteItem(listId: string, itemId: string): Promise<ApiResult<Card>> {
		const text = this.#text(listId, itemId);
		return this.#onSaved(itemId, () =>
			this.#change({
				show: (lists) => withoutItem(lists, listId, itemId),
				send: () => this.#api.deleteItem(this.cardId, listId, itemId),
				failure: `Could not delete “${text}”`
			})
		);
	}

	/** Put the item at `index` of its checklist (null: it is there already). */
	moveItem(listId: string, itemId: string, index: number): Promise<ApiResult<Card>> | null {
		const items = this.checklist(listId)?.items.filter((item) => !isPending(item.id)) ?? [];
		const body = moveRequest(items, itemId, index);
		if (!body) return null;
		const text = this.#text(listId, itemId);
		return this.#onSaved(itemId, () =>
			this.#change({
				show: (lists) => withItemAt(lists, listId, itemId, index),
				send: () => this.#api.moveItem(this.cardId, listId, itemId, body),
				failure: `Could not move “${text}”`
			})
		);
	}

	/**
	 * Turn the item into a card (it leaves the checklist at once). A full column answers 409:
	 * no message then, the caller asks and calls again with `overrideWip`.
	 */
	async convert(listId: string, itemId: string, overrideWip = false): Promise<ApiResult<ItemConverted>> {
		if (isPending(itemId)) return NOT_YET;
		const out: { converted?: ItemConverted } = {};
		const text = this.#text(listId, itemId);
		const result = await this.#change({
			show: (lists) => withoutItem(lists, listId, itemId),
			send: async () => {
				const answer = await this.#api.convertItem(this.cardId, listId, itemId, overrideWip);
				if (!answer.ok) return answer;
				out.converted = answer.data;
				return { ok: true, data: answer.data.source };
			},
			failure: `Could not make “${text}” a card`,
			quietOn: 409
		});
		if (!result.ok) return result;
		return out.converted ? { ok: true, data: out.converted } : NOT_YET;
	}

	#text(listId: string, itemId: string): string {
		return this.checklist(listId)?.items.find((item) => item.id === itemId)?.text ?? '';
	}

	/** Something not saved yet cannot be changed (the server does not know its id). */
	#onSaved(id: string, run: () => Promise<ApiResult<Card>>): Promise<ApiResult<Card>> {
		return isPending(id) ? Promise.resolve(NOT_YET) : run();
	}

	#change(change: Omit<Change, 'done'>): Promise<ApiResult<Card>> {
		return new Promise((done) => {
			this.#changes = [...this.#changes, { ...change, done }];
			void this.#run();
		});
	}

	async #run(): Promise<void> {
		if (this.#running) return;
		this.#running = true;
		while (this.#changes.length > 0) {
			const change = this.#changes[0];
			const result = await change.send();
			// In one step: the answer replaces what it was shown on top of.
			if (result.ok) this.confirmed = result.data.checklists;
			this.#changes = this.#changes.slice(1);
			if (result.ok) this.#options.onsaved(result.data);
			else if (result.status !== change.quietOn) this.#options.onerror(`${change.failure}: ${result.message}`);
			change.done(result);
		}
		this.#running = false;
	}
}
