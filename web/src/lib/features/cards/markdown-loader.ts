/** The Markdown renderer, fetched on first use (it is not part of the board's bundle). */
import type { renderMarkdown } from './markdown';

export type RenderMarkdown = typeof renderMarkdown;

let loading: Promise<RenderMarkdown> | null = null;

/** The renderer; a failed fetch (offline) is not remembered, so the next call tries again. */
export function loadMarkdown(): Promise<RenderMarkdown> {
	loading ??= import('./markdown').then(
		(module) => module.renderMarkdown,
		(error: unknown) => {
			loading = null;
			throw error;
		}
	);
	return loading;
}
