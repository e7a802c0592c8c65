import { describe, expect, it } from 'vitest';
import { cardDraftKey, columnDraftKey, Drafts, type DraftStorage } from './drafts';

function memoryStorage(): DraftStorage & { items: Map<string, string> } {
	const items = new Map<string, string>();
	return {
		items,
		getItem: (key) => items.get(key) ?? null,
		setItem: (key, value) => void items.set(key, value),
		removeItem: (key) => void items.delete(key)
	};
}

describe('Drafts', () => {
	it('keeps one draft per form until it is cleared', () => {
		const storage = memoryStorage();
		const drafts = new Drafts(storage);
		drafts.write(cardDraftKey('c1'), 'Half a title');
		drafts.write(cardDraftKey('c2'), 'Another');
		expect(new Drafts(storage).read(cardDraftKey('c1'))).toBe('Half a title');
		drafts.clear(cardDraftKey('c1'));
		expect(drafts.read(cardDraftKey('c1'))).toBe('');
		expect(drafts.read(cardDraftKey('c2'))).toBe('Another');
		expect([...storage.items.keys()]).toEqual(['projectflow.draft.new-card.c2']);
	});

	it('drops blank drafts and keys forms apart', () => {
		const storage = memoryStorage();
		const drafts = new Drafts(storage);
		drafts.write(columnDraftKey('b1'), 'Review');
		drafts.write(columnDraftKey('b1'), '   ');
		expect(storage.items.size).toBe(0);
		expect(cardDraftKey('x')).not.toBe(columnDraftKey('x'));
	});

	it('survives a storage that refuses, or none at all', () => {
		const failing: DraftStorage = {
			getItem: () => {
				throw new Error('denied');
			},
			setItem: () => {
				throw new Error('quota');
			},
			removeItem: () => {}
		};
		expect(new Drafts(failing).read('k')).toBe('');
		expect(() => new Drafts(failing).write('k', 'text')).not.toThrow();
		expect(new Drafts(null).read('k')).toBe('');
	});
});
