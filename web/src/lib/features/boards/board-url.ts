/**
 * The board's query string as pure functions: the open card (`?card=<id>`) and the filters
 * (`q`, `label` repeated, `assignee`, `due`), so a reload keeps them and a link shares them.
 */
import { DUE_FILTERS, type CardFilter, type DueFilter } from './filter';

const QUERY = 'q';
const LABEL = 'label';
const ASSIGNEE = 'assignee';
const DUE = 'due';
const CARD = 'card';

function dueOf(value: string | null): DueFilter {
	return (DUE_FILTERS as readonly string[]).includes(value ?? '') ? (value as DueFilter) : '';
}

/** The filters a query string names; anything unknown or malformed is ignored. */
export function filterFromParams(params: URLSearchParams): CardFilter {
	const labels = [...new Set(params.getAll(LABEL).filter(Boolean))];
	return {
		query: params.get(QUERY) ?? '',
		labels,
		assignee: params.get(ASSIGNEE) ?? '',
		due: dueOf(params.get(DUE))
	};
}

/** `params` with the filters written in (empty ones left out); other parameters are kept. */
export function paramsWithFilter(params: URLSearchParams, filter: CardFilter): URLSearchParams {
	const next = new URLSearchParams(params);
	for (const key of [QUERY, LABEL, ASSIGNEE, DUE]) next.delete(key);
	if (filter.query.trim()) next.set(QUERY, filter.query);
	for (const label of filter.labels) next.append(LABEL, label);
	if (filter.assignee) next.set(ASSIGNEE, filter.assignee);
	if (filter.due) next.set(DUE, filter.due);
	return next;
}

export function cardFromParams(params: URLSearchParams): string | null {
	return params.get(CARD) || null;
}

/** The path and query string (no origin) of `url` with the open card set, or removed with null. */
export function hrefWithCard(url: URL, cardId: string | null): string {
	const params = new URLSearchParams(url.search);
	if (cardId) params.set(CARD, cardId);
	else params.delete(CARD);
	return hrefOf(url, params);
}

/**
 * A link that opens `card` in its drawer: on the board at `url` (`boardId`), that URL with the
 * card set (the filters stay); on another board of the project, that board with the card open.
 */
export function cardHref(url: URL, boardId: string | undefined, card: { id: string; board_id: string }): string {
	if (card.board_id === boardId) return hrefWithCard(url, card.id);
	return `/boards/${encodeURIComponent(card.board_id)}?${CARD}=${encodeURIComponent(card.id)}`;
}

export function hrefWithFilter(url: URL, filter: CardFilter): string {
	return hrefOf(url, paramsWithFilter(url.searchParams, filter));
}

function hrefOf(url: URL, params: URLSearchParams): string {
	const search = params.toString();
	return `${url.pathname}${search ? `?${search}` : ''}${url.hash}`;
}

/**
 * Keeps the filter typed on the board and the URL's filter in step: the URL is written after
 * typing (debounced by the caller), and a URL changed from outside (Back, a link) is adopted —
 * but the late echo of our own writes never overwrites what was typed since.
 */
export class FilterSync {
	/** The filter the URL holds or is about to hold (our last write), as a query string. */
	#current: string | null = null;
	/** Our writes whose navigation has not shown up in the URL yet, oldest first. */
	#pending: string[] = [];

	/** The URL's filter, when it changed from outside and the board should adopt it; else null. */
	fromUrl(params: URLSearchParams): CardFilter | null {
		const filter = filterFromParams(params);
		const key = keyOf(filter);
		const echo = this.#pending.indexOf(key);
		if (echo >= 0) {
			this.#pending.splice(0, echo + 1);
			return null;
		}
		if (key === this.#current) return null;
		this.#pending = [];
		this.#current = key;
		return filter;
	}

	/** True when `filter` differs from what the URL holds, i.e. the caller should write it. */
	toUrl(filter: CardFilter): boolean {
		const key = keyOf(filter);
		if (key === this.#current) return false;
		this.#current = key;
		this.#pending.push(key);
		return true;
	}
}

function keyOf(filter: CardFilter): string {
	return paramsWithFilter(new URLSearchParams(), filter).toString();
}
