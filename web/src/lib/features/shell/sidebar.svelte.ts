import { SvelteSet } from 'svelte/reactivity';
import { readJson, writeJson, type KeyValueStorage } from './storage';

const STORAGE_KEY = 'projectflow.sidebar';

type Remembered = { hidden: boolean; folded: string[] };

function remembered(storage: KeyValueStorage | null): Remembered {
	const value = readJson(storage, STORAGE_KEY) as Partial<Remembered> | null;
	const folded = Array.isArray(value?.folded) ? value.folded.filter((id) => typeof id === 'string') : [];
	return { hidden: value?.hidden === true, folded };
}

/**
 * The sidebar's state. On wide screens it sits beside the page and can be hidden; on phones it is
 * a drawer over the page. Whether it is hidden, and which projects have their boards folded away,
 * is remembered across visits; the drawer always starts closed.
 */
export class SidebarState {
	/** Wide screens: the sidebar is put away, the page takes the whole width. */
	hidden = $state(false);
	/** Phones: the drawer is open over the page. */
	drawerOpen = $state(false);
	readonly #folded: SvelteSet<string>;
	readonly #storage: KeyValueStorage | null;

	constructor(storage: KeyValueStorage | null) {
		this.#storage = storage;
		const stored = remembered(storage);
		this.hidden = stored.hidden;
		this.#folded = new SvelteSet(stored.folded);
	}

	toggleHidden(): void {
		this.hidden = !this.hidden;
		this.#save();
	}

	openDrawer(): void {
		this.drawerOpen = true;
	}

	closeDrawer(): void {
		this.drawerOpen = false;
	}

	/** Whether a project's boards are folded away under its name. */
	isFolded(projectId: string): boolean {
		return this.#folded.has(projectId);
	}

	toggleFolded(projectId: string): void {
		if (this.#folded.has(projectId)) this.#folded.delete(projectId);
		else this.#folded.add(projectId);
		this.#save();
	}

	#save(): void {
		writeJson(this.#storage, STORAGE_KEY, { hidden: this.hidden, folded: [...this.#folded] });
	}
}
