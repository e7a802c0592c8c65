import { describe, expect, it } from 'vitest';
import { Confirmer } from './confirm.svelte';

const question = { title: 'Column full', message: 'In progress is full (4/4). Add anyway?', confirmLabel: 'Add anyway' };

describe('Confirmer', () => {
	it('resolves with the answer and closes', async () => {
		const confirmer = new Confirmer();
		const yes = confirmer.ask(question);
		expect(confirmer.current?.message).toBe(question.message);
		confirmer.answer(true);
		expect(await yes).toBe(true);
		expect(confirmer.current).toBeNull();
	});

	it('answers an older question no when a newer one comes', async () => {
		const confirmer = new Confirmer();
		const first = confirmer.ask(question);
		const second = confirmer.ask({ ...question, message: 'Delete?' });
		expect(await first).toBe(false);
		confirmer.answer(false);
		expect(await second).toBe(false);
	});
});
