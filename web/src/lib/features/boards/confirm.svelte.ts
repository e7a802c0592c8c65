/**
 * A question the board asks before doing something (exceeding a WIP limit, deleting a column):
 * `ask` shows it in ConfirmDialog and resolves with the answer. One question at a time; a newer
 * one answers the older one "no".
 */

export type Question = { title: string; message: string; confirmLabel: string; danger?: boolean };

type Open = Question & { resolve: (yes: boolean) => void };

export class Confirmer {
	current = $state<Open | null>(null);

	ask(question: Question): Promise<boolean> {
		this.current?.resolve(false);
		return new Promise((resolve) => {
			this.current = { ...question, resolve };
		});
	}

	answer(yes: boolean): void {
		const open = this.current;
		this.current = null;
		open?.resolve(yes);
	}
}
