import { describe, expect, it } from 'vitest';
import { ProposalSelection } from './proposal.svelte';
import { anItem } from './test-runs';

describe('ProposalSelection', () => {
	it('starts with every pending item chosen, in the proposal’s order', () => {
		const selection = new ProposalSelection([anItem(0), anItem(1), anItem(2)]);
		expect(selection.chosen).toEqual([0, 1, 2]);
		expect([selection.all, selection.none]).toEqual([true, false]);
	});

	it('unticks and ticks items; the chosen list keeps the proposal’s order', () => {
		const selection = new ProposalSelection([anItem(0), anItem(1), anItem(2)]);
		selection.toggle(0);
		selection.set(2, false);
		expect(selection.chosen).toEqual([1]);
		selection.set(2, true);
		selection.toggle(0);
		expect(selection.chosen).toEqual([0, 1, 2]);
		expect(selection.isChosen(0)).toBe(true);
	});

	it('never chooses an item that is no longer pending', () => {
		const selection = new ProposalSelection([anItem(0, { status: 'applied' }), anItem(1), anItem(2, { status: 'discarded' })]);
		expect(selection.pending).toEqual([1]);
		expect(selection.chosen).toEqual([1]);
		selection.set(0, true);
		selection.toggle(2);
		expect(selection.chosen).toEqual([1]);
		expect(selection.isChosen(0)).toBe(false);
	});

	it('chooses all or none at once', () => {
		const selection = new ProposalSelection([anItem(0), anItem(1)]);
		selection.setAll(false);
		expect([selection.chosen, selection.none, selection.all]).toEqual([[], true, false]);
		selection.setAll(true);
		expect(selection.chosen).toEqual([0, 1]);
	});

	it('has nothing to choose in a proposal without pending items', () => {
		const selection = new ProposalSelection([anItem(0, { status: 'applied' })]);
		expect([selection.chosen, selection.all, selection.none]).toEqual([[], false, true]);
	});
});
