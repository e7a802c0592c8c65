/**
 * The labels a card carries, as the picker shows them: a toggle shows at once and saves the whole
 * list (`PATCH /api/cards/{id} {labels}`); toggles made during a save go in the next one; a refusal
 * puts back what the server last had and says why.
 */
import type { ApiResult } from '$lib/api/result';
import type { Card } from '$lib/api/types';
import { toggled } from './picker';

export type LabelSelectionOptions = {
	save: (labels: string[]) => Promise<ApiResult<Card>>;
	onsaved: (card: Card) => void;
	onerror: (message: string) => void;
};

function sameList(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((item, index) => item === b[index]);
}

export class LabelSelection {
	selected = $state<string[]>([]);
	saving = $state(false);
	/** What the server has. */
	#confirmed: string[];
	readonly #options: LabelSelectionOptions;
	#running: Promise<void> | null = null;

	constructor(labels: readonly string[], options: LabelSelectionOptions) {
		this.#confirmed = [...labels];
		this.selected = [...labels];
		this.#options = options;
	}

	has(name: string): boolean {
		return this.selected.includes(name);
	}

	toggle(name: string): Promise<void> {
		return this.set(toggled(this.selected, name));
	}

	set(labels: readonly string[]): Promise<void> {
		this.selected = [...labels];
		this.#running ??= this.#saveUntilSettled().finally(() => (this.#running = null));
		return this.#running;
	}

	/** The card changed elsewhere (another field saved, a rename): follow it unless saving. */
	sync(labels: readonly string[]): void {
		if (this.#running) return;
		this.#confirmed = [...labels];
		this.selected = [...labels];
	}

	async #saveUntilSettled(): Promise<void> {
		this.saving = true;
		while (!sameList(this.selected, this.#confirmed)) {
			const sent = [...this.selected];
			const result = await this.#options.save(sent);
			if (!result.ok) {
				this.selected = [...this.#confirmed];
				this.#options.onerror(result.message);
				break;
			}
			this.#confirmed = [...result.data.labels];
			// Nothing toggled meanwhile: show exactly what the server kept.
			if (sameList(this.selected, sent)) this.selected = [...result.data.labels];
			this.#options.onsaved(result.data);
		}
		this.saving = false;
	}
}
