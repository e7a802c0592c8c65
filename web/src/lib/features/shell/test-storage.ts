import type { KeyValueStorage } from './storage';

/** A Map-backed storage for the shell's tests. */
export class MemoryStorage implements KeyValueStorage {
	values = new Map<string, string>();

	getItem(key: string): string | null {
		return this.values.get(key) ?? null;
	}

	setItem(key: string, value: string): void {
		this.values.set(key, value);
	}
}
