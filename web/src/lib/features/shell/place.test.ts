import { describe, expect, it } from 'vitest';
import { isWidePage, placeOf } from './place';

describe('placeOf', () => {
	it('finds the board of a board page', () => {
		expect(placeOf('/(app)/boards/[id]', { id: 'b1' })).toEqual({ kind: 'board', id: 'b1' });
	});

	it('finds the project of a project page and its sub-pages', () => {
		expect(placeOf('/(app)/projects/[id]', { id: 'p1' })).toEqual({ kind: 'project', id: 'p1' });
		expect(placeOf('/(app)/projects/[id]/members', { id: 'p1' })).toEqual({ kind: 'project', id: 'p1' });
	});

	it('is nowhere on other pages', () => {
		expect(placeOf('/(app)', {})).toEqual({ kind: 'none' });
		expect(placeOf(null, {})).toEqual({ kind: 'none' });
	});
});

describe('isWidePage', () => {
	it('gives boards the whole width, and nothing else', () => {
		expect(isWidePage('/(app)/boards/[id]')).toBe(true);
		expect(isWidePage('/(app)/projects/[id]')).toBe(false);
		expect(isWidePage('/(app)')).toBe(false);
	});
});
