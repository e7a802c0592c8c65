import type { ProposalItem } from '$lib/api/types';

/**
 * Which items of a proposal to apply: every pending item is chosen to begin with; the person
 * unticks what they do not want. Items already applied or discarded cannot be chosen.
 */
export class ProposalSelection {
	#chosen = $state<number[]>([]);
	readonly #pending: readonly number[];

	constructor(items: readonly ProposalItem[]) {
		this.#pending = items.filter((item) => item.status === 'pending').map((item) => item.index);
		this.#chosen = [...this.#pending];
	}

	/** The pending items' indices, in the proposal's order. */
	get pending(): readonly number[] {
		return this.#pending;
	}

	/** The chosen indices, in the proposal's order: the body of "Apply selected". */
	get chosen(): number[] {
		return this.#pending.filter((index) => this.#chosen.includes(index));
	}

	get all(): boolean {
		return this.#pending.length > 0 && this.chosen.length === this.#pending.length;
	}

	get none(): boolean {
		return this.chosen.length === 0;
	}

	isChosen(index: number): boolean {
		return this.#chosen.includes(index);
	}

	set(index: number, chosen: boolean): void {
		if (!this.#pending.includes(index)) return;
		const others = this.#chosen.filter((item) => item !== index);
		this.#chosen = chosen ? [...others, index] : others;
	}

	toggle(index: number): void {
		this.set(index, !this.isChosen(index));
	}

	/** Choose every pending item, or none. */
	setAll(chosen: boolean): void {
		this.#chosen = chosen ? [...this.#pending] : [];
	}
}
