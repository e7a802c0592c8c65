/** The AI panel, fetched when a card's drawer first opens (it is not part of the board's bundle). */
import type { Component } from 'svelte';
import type { AiPanelProps } from './panel-props';

export type AiPanelComponent = Component<AiPanelProps>;

let loading: Promise<AiPanelComponent> | null = null;

/** The panel; a failed fetch (offline) is not remembered, so the next call tries again. */
export function loadAiPanel(): Promise<AiPanelComponent> {
	loading ??= import('./AiPanel.svelte').then(
		(module) => module.default,
		(error: unknown) => {
			loading = null;
			throw error;
		}
	);
	return loading;
}
