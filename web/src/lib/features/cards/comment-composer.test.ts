import { describe, expect, it } from 'vitest';
import { CommentComposer } from './comment-composer.svelte';
import { commentKey, DraftStore, MemoryStorage } from './draft-store';

describe('CommentComposer', () => {
	it('keeps the comment being written until it is posted', async () => {
		const storage = new MemoryStorage();
		const composer = new CommentComposer('c1', new DraftStore(storage));
		expect(composer.canPost).toBe(false);
		composer.text = 'Ladder must reach the surface.';
		composer.edited();
		expect(new CommentComposer('c1', new DraftStore(storage)).text).toBe('Ladder must reach the surface.');
		expect(new CommentComposer('c2', new DraftStore(storage)).text).toBe('');

		const posted: string[] = [];
		expect(await composer.submit(async (body) => (posted.push(body), true))).toBe(true);
		expect(posted).toEqual(['Ladder must reach the surface.']);
		expect(composer.text).toBe('');
		expect(storage.getItem(commentKey('c1'))).toBeNull();
	});

	it('keeps the text when posting fails', async () => {
		const storage = new MemoryStorage();
		const composer = new CommentComposer('c1', new DraftStore(storage));
		composer.text = '  Offline thoughts ';
		composer.edited();
		expect(await composer.submit(async () => false)).toBe(false);
		expect(composer.text).toBe('  Offline thoughts ');
		expect(JSON.parse(storage.getItem(commentKey('c1'))!)).toBe('  Offline thoughts ');
		expect(composer.posting).toBe(false);
	});

	it('posts nothing blank', async () => {
		const composer = new CommentComposer('c1', new DraftStore(new MemoryStorage()));
		composer.text = '   ';
		expect(await composer.submit(async () => true)).toBe(false);
		expect(composer.text).toBe('   ');
	});
});
