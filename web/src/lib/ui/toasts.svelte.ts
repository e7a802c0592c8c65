export type Toast = { id: number; kind: 'error' | 'info'; message: string };

const VISIBLE_MS = 6000;

/** A short queue of messages; each one leaves by itself after a few seconds. */
export class Toaster {
	items = $state<Toast[]>([]);
	#nextId = 1;

	error(message: string): void {
		this.#push('error', message);
	}

	info(message: string): void {
		this.#push('info', message);
	}

	dismiss(id: number): void {
		this.items = this.items.filter((toast) => toast.id !== id);
	}

	#push(kind: Toast['kind'], message: string): void {
		const id = this.#nextId++;
		this.items = [...this.items, { id, kind, message }];
		setTimeout(() => this.dismiss(id), VISIBLE_MS);
	}
}

export const toasts = new Toaster();
