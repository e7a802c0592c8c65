import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applySplice, diff, mapIndex } from './text-binding';

describe('typing into shared text', () => {
	it('turns an edit into the smallest splice', () => {
		expect(diff('hello world', 'hello brave world')).toEqual({ index: 6, remove: 0, insert: 'brave ' });
		expect(diff('hello world', 'hello')).toEqual({ index: 5, remove: 6, insert: '' });
		expect(diff('same', 'same')).toBeNull();
	});

	it('never cuts inside an emoji (a surrogate pair shares its first half with its neighbours)', () => {
		// 😀 and 😃 share the high surrogate: the splice replaces the whole character.
		expect(diff('a😀b', 'a😃b')).toEqual({ index: 1, remove: 2, insert: '😃' });
		const splice = diff('x😀😀', 'x😀😁😀')!;
		expect([...splice.insert].length).toBe(splice.insert.length / 2);
	});

	it('maps a caret through others’ edits', () => {
		const delta = [{ retain: 2 }, { insert: 'ab' }, { retain: 3 }, { delete: 2 }];
		expect(mapIndex(1, delta)).toBe(1); // before everything
		expect(mapIndex(2, delta)).toBe(2); // an insert right at the caret stays after it
		expect(mapIndex(4, delta)).toBe(6);
		expect(mapIndex(6, delta)).toBe(7); // inside the deleted range: pulled to its start
		expect(mapIndex(9, delta)).toBe(9);
	});

	it('two people typing in one description both keep their text', () => {
		const [a, b] = [new Y.Doc(), new Y.Doc()];
		a.getText('t').insert(0, 'Plan: ');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		applySplice(a.getText('t'), diff('Plan: ', 'Plan: 日本語 ')!, 'a');
		applySplice(b.getText('t'), diff('Plan: ', 'Plan: écrire 😀 ')!, 'b');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(a.getText('t').toString()).toBe(b.getText('t').toString());
		expect(a.getText('t').toString()).toContain('日本語 ');
		expect(a.getText('t').toString()).toContain('écrire 😀 ');
	});
});
