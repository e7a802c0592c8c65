/**
 * A project's labels (name + colour), one store per project shared by everything that shows or
 * picks labels: the card faces, the card drawer's picker, the board's filter chips. Get it with
 * `projectLabels(projectId)`, or `labelsForBoard(boardId)` where only the board is known.
 */
import type { ApiResult } from '$lib/api/result';
import { workspace } from '$lib/features/shell/workspace.svelte';
import { labelApi, type Label, type LabelApi } from './api';
import { FALLBACK_COLOR, LABEL_TONES, type LabelColor, type Tone } from './palette';

export type { Label } from './api';

/** By name, ignoring case first, as the server sorts them. */
export function byLabelName(a: Pick<Label, 'name'>, b: Pick<Label, 'name'>): number {
	const folded = a.name.toLowerCase().localeCompare(b.name.toLowerCase());
	return folded !== 0 ? folded : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export class ProjectLabels {
	list = $state<Label[]>([]);
	status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
	message = $state('');
	readonly projectId: string;
	readonly #api: LabelApi;
	// A fresh map per list, never changed in place: nothing to make reactive.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #byName = $derived(new Map(this.list.map((label) => [label.name, label])));
	#loading: Promise<ApiResult<Label[]>> | null = null;
	/** Names already read the list again for (a name the server does not list either stays gray). */
	readonly #looked: string[] = [];
	/** The latest recolour asked for each name: an older answer arriving late is not shown. */
	readonly #recolors: Record<string, number> = {};

	constructor(projectId: string, api: LabelApi = labelApi) {
		this.projectId = projectId;
		this.#api = api;
	}

	/** Read the list (again); calls made while a read is under way share it. */
	load(): Promise<ApiResult<Label[]>> {
		this.#loading ??= this.#read().finally(() => (this.#loading = null));
		return this.#loading;
	}

	/** Read the list once; later calls do nothing. */
	ensure(): void {
		if (this.status === 'idle') void this.load();
	}

	/** Cards carry names this store does not know (added since it loaded): read the list again, once. */
	notice(names: readonly string[]): void {
		if (this.status !== 'ready') return this.ensure();
		const unknown = names.filter((name) => !this.#byName.has(name) && !this.#looked.includes(name));
		if (unknown.length === 0) return;
		this.#looked.push(...unknown);
		void this.load();
	}

	get(name: string): Label | undefined {
		return this.#byName.get(name);
	}

	color(name: string): LabelColor {
		return this.#byName.get(name)?.color ?? FALLBACK_COLOR;
	}

	tone(name: string): Tone {
		return LABEL_TONES[this.color(name)];
	}

	/** A new label; if the name exists after all (someone was quicker), that one comes back. */
	async create(name: string, color: LabelColor): Promise<ApiResult<Label>> {
		const result = await this.#api.createLabel(this.projectId, name, color);
		if (result.ok) {
			this.#put(result.data);
			return result;
		}
		if (result.status !== 409) return result;
		await this.load();
		const existing = this.get(name);
		return existing ? { ok: true, data: existing } : result;
	}

	/** Shows the new colour at once; puts the old one back if the server refuses. */
	async recolor(name: string, color: LabelColor): Promise<ApiResult<Label>> {
		const before = this.get(name);
		const ask = (this.#recolors[name] = (this.#recolors[name] ?? 0) + 1);
		this.#put({ name, color, cards: before?.cards ?? 0 });
		const result = await this.#api.updateLabel(this.projectId, name, { color });
		if (ask !== this.#recolors[name]) return result;
		if (result.ok) this.#put(result.data);
		else if (before) this.#put(before);
		else this.list = this.list.filter((label) => label.name !== name);
		return result;
	}

	async #read(): Promise<ApiResult<Label[]>> {
		if (this.status !== 'ready') this.status = 'loading';
		const result = await this.#api.listLabels(this.projectId);
		if (result.ok) {
			this.list = [...result.data].sort(byLabelName);
			this.status = 'ready';
		} else if (this.status !== 'ready') {
			this.status = 'error';
			this.message = result.message;
		}
		return result;
	}

	#put(label: Label): void {
		this.list = [...this.list.filter((known) => known.name !== label.name), label].sort(byLabelName);
	}
}

const stores: Record<string, ProjectLabels> = {};

/** The project's label store (made on first use; load it with `ensure()`). */
export function projectLabels(projectId: string, api?: LabelApi): ProjectLabels {
	stores[projectId] ??= new ProjectLabels(projectId, api);
	return stores[projectId];
}

/** The label store of the project the board belongs to, once the workspace knows the board. */
export function labelsForBoard(boardId: string): ProjectLabels | undefined {
	const project = workspace.locate(boardId)?.project;
	return project ? projectLabels(project.id) : undefined;
}
