import { describe, expect, it } from 'vitest';
import { cardFromParams, cardHref, filterFromParams, FilterSync, hrefWithCard, hrefWithFilter, paramsWithFilter } from './board-url';
import { NO_FILTER, type CardFilter } from './filter';

const params = (search: string) => new URLSearchParams(search);

describe('filters in the query string', () => {
	it('reads every filter, repeated labels included', () => {
		expect(filterFromParams(params('q=login+bug&label=bug&label=ui&assignee=u1&due=overdue'))).toEqual({
			query: 'login bug',
			labels: ['bug', 'ui'],
			assignee: 'u1',
			due: 'overdue'
		});
	});

	it('ignores an unknown due value, empty and repeated labels', () => {
		expect(filterFromParams(params('due=yesterday&label=&label=a&label=a'))).toEqual({ ...NO_FILTER, labels: ['a'] });
		expect(filterFromParams(params(''))).toEqual(NO_FILTER);
	});

	it('writes only the filters that are on, keeping other parameters', () => {
		const filter: CardFilter = { query: 'fix it', labels: ['bug', 'a b'], assignee: '', due: 'soon' };
		expect(paramsWithFilter(params('card=c1&q=old&assignee=u9'), filter).toString()).toBe(
			'card=c1&q=fix+it&label=bug&label=a+b&due=soon'
		);
		expect(paramsWithFilter(params('q=old'), { ...NO_FILTER, query: '   ' }).toString()).toBe('');
	});

	it('round-trips', () => {
		const filter: CardFilter = { query: 'ünïcode & more', labels: ['x=y', 'z'], assignee: 'none', due: 'none' };
		expect(filterFromParams(paramsWithFilter(params(''), filter))).toEqual(filter);
	});

	it('builds hrefs without the origin', () => {
		const url = new URL('http://host/boards/b1?q=a#top');
		expect(hrefWithCard(url, 'c1')).toBe('/boards/b1?q=a&card=c1#top');
		expect(hrefWithCard(new URL('http://host/boards/b1?card=c1'), null)).toBe('/boards/b1');
		expect(hrefWithFilter(new URL('http://host/boards/b1?card=c1'), { ...NO_FILTER, labels: ['bug'] })).toBe(
			'/boards/b1?card=c1&label=bug'
		);
		expect(cardFromParams(params('card=c1'))).toBe('c1');
		expect(cardFromParams(params('card='))).toBeNull();
	});

	it('links a card on this board within the board, and one elsewhere to its own board', () => {
		const url = new URL('http://host/boards/b1?q=a&card=c1');
		expect(cardHref(url, 'b1', { id: 'c2', board_id: 'b1' })).toBe('/boards/b1?q=a&card=c2');
		expect(cardHref(url, 'b1', { id: 'c3', board_id: 'b2' })).toBe('/boards/b2?card=c3');
		expect(cardHref(url, undefined, { id: 'c3', board_id: 'b1' })).toBe('/boards/b1?card=c3');
	});
});

describe('FilterSync', () => {
	it('adopts the URL on load and when it changes from outside', () => {
		const sync = new FilterSync();
		expect(sync.fromUrl(params('q=a'))).toEqual({ ...NO_FILTER, query: 'a' });
		expect(sync.fromUrl(params('q=a'))).toBeNull();
		expect(sync.fromUrl(params(''))).toEqual(NO_FILTER);
	});

	it('writes what was typed, and ignores the echo of its own write', () => {
		const sync = new FilterSync();
		sync.fromUrl(params(''));
		expect(sync.toUrl({ ...NO_FILTER, query: 'ab' })).toBe(true);
		expect(sync.toUrl({ ...NO_FILTER, query: 'ab' })).toBe(false);
		// The URL catches up with "ab" while "abc" is already typed: "abc" must not be replaced.
		expect(sync.fromUrl(params('q=ab'))).toBeNull();
		expect(sync.toUrl({ ...NO_FILTER, query: 'abc' })).toBe(true);
		expect(sync.toUrl({ ...NO_FILTER, query: 'abcd' })).toBe(true);
		// The late echoes of "abc" and "abcd" change nothing either.
		expect(sync.fromUrl(params('q=abc'))).toBeNull();
		expect(sync.fromUrl(params('q=abcd'))).toBeNull();
		// Back to a URL written before: adopted.
		expect(sync.fromUrl(params('q=ab'))).toEqual({ ...NO_FILTER, query: 'ab' });
	});

	it('skips echoes a newer navigation replaced, and ignores changes to other parameters', () => {
		const sync = new FilterSync();
		sync.fromUrl(params(''));
		sync.toUrl({ ...NO_FILTER, query: 'a' });
		sync.toUrl({ ...NO_FILTER, query: 'ab' });
		expect(sync.fromUrl(params('q=ab'))).toBeNull();
		expect(sync.fromUrl(params('q=ab&card=c1'))).toBeNull();
		expect(sync.fromUrl(params('q=a'))).toEqual({ ...NO_FILTER, query: 'a' });
	});
});
