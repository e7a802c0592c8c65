import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { Card, CardUpdate } from '$lib/api/types';
import { CardAutosave, settledDraft, TITLE_REQUIRED } from './autosave.svelte';
import { cardFieldKey, commentKey, DraftStore, MemoryStorage } from './draft-store';
import { draftOf } from '../boards/card-draft';

const CARD: Card = {
	id: 'c1',
	board_id: 'b1',
	column_id: 'todo',
	parent_id: null,
	title: 'Write docs',
	description: 'All of them',
	labels: ['docs'],
	assignee_ids: [],
	due: null,
	due_done: false,
	archived: false,
	checklists: [],
	comment_count: 0
};

const OFFLINE: ApiResult<Card> = { ok: false, status: 0, code: 'network_error', message: 'Could not reach the server.' };

/** A server that applies PATCH bodies to its card, or fails while `failing` is set. */
class FakeServer {
	card: Card = { ...CARD };
	bodies: CardUpdate[] = [];
	failing = false;
	gate: Promise<void> | null = null;

	save = async (body: CardUpdate): Promise<ApiResult<Card>> => {
		this.bodies.push(body);
		if (this.gate) await this.gate;
		if (this.failing) return OFFLINE;
		this.card = { ...this.card, ...(body as Partial<Card>) };
		return { ok: true, data: this.card };
	};
}

function setUp(storage = new MemoryStorage()) {
	const server = new FakeServer();
	const saved: Card[] = [];
	const autosave = new CardAutosave(CARD, {
		save: server.save,
		onsaved: (card) => saved.push(card),
		store: new DraftStore(storage),
		delayMs: 500
	});
	return { server, saved, autosave, storage };
}

describe('CardAutosave', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('keeps typing locally at once and saves only the changed field once typing pauses', async () => {
		const { server, saved, autosave, storage } = setUp();
		autosave.draft.description = 'Most of them';
		autosave.edited();
		expect(autosave.status).toBe('pending');
		expect(JSON.parse(storage.getItem(cardFieldKey('c1', 'description'))!)).toBe('Most of them');
		expect(storage.getItem(cardFieldKey('c1', 'title'))).toBeNull();

		await vi.advanceTimersByTimeAsync(499);
		expect(server.bodies).toEqual([]);
		await vi.advanceTimersByTimeAsync(1);
		expect(server.bodies).toEqual([{ description: 'Most of them' }]);
		expect(autosave.status).toBe('saved');
		expect(saved.map((card) => card.description)).toEqual(['Most of them']);
		expect(storage.items.size).toBe(0);
		expect(autosave.dirty).toBe(false);
	});

	it('restarts the pause with every keystroke, and saves at once on flush', async () => {
		const { server, autosave } = setUp();
		autosave.draft.title = 'W';
		autosave.edited();
		await vi.advanceTimersByTimeAsync(400);
		autosave.draft.title = 'Wr';
		autosave.edited();
		await vi.advanceTimersByTimeAsync(400);
		expect(server.bodies).toEqual([]);
		expect(await autosave.flush()).toBe(true);
		expect(server.bodies).toEqual([{ title: 'Wr' }]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(server.bodies).toHaveLength(1);
	});

	it('keeps the text and the local draft when a save fails, and a retry saves it', async () => {
		const { server, autosave, storage } = setUp();
		server.failing = true;
		autosave.draft.description = 'Offline words';
		autosave.edited();
		expect(await autosave.flush()).toBe(false);
		expect(autosave.status).toBe('failed');
		expect(autosave.message).toBe('Could not reach the server.');
		expect(autosave.atRisk).toBe(true);
		expect(autosave.draft.description).toBe('Offline words');
		expect(JSON.parse(storage.getItem(cardFieldKey('c1', 'description'))!)).toBe('Offline words');

		server.failing = false;
		expect(await autosave.flush()).toBe(true);
		expect(autosave.status).toBe('saved');
		expect(storage.items.size).toBe(0);
	});

	it('brings back unsaved text after a reload, and drops drafts the server already has', async () => {
		const storage = new MemoryStorage();
		storage.setItem(cardFieldKey('c1', 'description'), JSON.stringify('Typed before the reload'));
		storage.setItem(cardFieldKey('c1', 'title'), JSON.stringify('Write docs'));
		storage.setItem(cardFieldKey('c1', 'assignees'), JSON.stringify('not a list'));
		storage.setItem(commentKey('c1'), JSON.stringify('a comment draft stays'));
		const { server, autosave } = setUp(storage);
		expect(autosave.status).toBe('restored');
		expect(autosave.draft).toEqual({ ...draftOf(CARD), description: 'Typed before the reload' });
		expect([...storage.items.keys()]).toEqual([cardFieldKey('c1', 'description'), commentKey('c1')]);
		expect(server.bodies).toEqual([]);

		expect(await autosave.flush()).toBe(true);
		expect(server.bodies).toEqual([{ description: 'Typed before the reload' }]);
		expect([...storage.items.keys()]).toEqual([commentKey('c1')]);
	});

	it('does not restore anything when nothing was left unsaved', () => {
		expect(setUp().autosave.status).toBe('idle');
	});

	it('keeps edits made while a save is in flight, and sends them next', async () => {
		const { server, autosave } = setUp();
		let open!: () => void;
		server.gate = new Promise((resolve) => (open = resolve));
		autosave.draft.title = 'Write the docs ';
		const first = autosave.flush();
		await vi.advanceTimersByTimeAsync(0);
		expect(autosave.status).toBe('saving');
		autosave.draft.description = 'Every one';
		autosave.edited();
		const second = autosave.flush();
		open();
		server.gate = null;
		expect(await first).toBe(true);
		expect(await second).toBe(true);
		expect(server.bodies).toEqual([{ title: 'Write the docs' }, { description: 'Every one' }]);
		// The trailing space the person typed is still there: the text was not replaced under the cursor.
		expect(autosave.draft.title).toBe('Write the docs ');
		expect(autosave.status).toBe('saved');
	});

	it('never sends an empty title, but saves the other fields and says why', async () => {
		const { server, autosave } = setUp();
		autosave.draft.title = '  ';
		autosave.draft.description = 'Still saved';
		autosave.edited();
		expect(autosave.status).toBe('invalid');
		expect(autosave.message).toBe(TITLE_REQUIRED);
		expect(await autosave.flush()).toBe(false);
		expect(server.bodies).toEqual([{ description: 'Still saved' }]);
		expect(autosave.draft.title).toBe('  ');
		expect(autosave.status).toBe('invalid');
		expect(autosave.atRisk).toBe(true);
	});

	it('discards back to the server card and forgets the local drafts', async () => {
		const { server, autosave, storage } = setUp();
		server.failing = true;
		autosave.draft.description = 'Lost on purpose';
		autosave.edited();
		await autosave.flush();
		autosave.discard();
		expect(autosave.draft).toEqual(draftOf(CARD));
		expect(autosave.status).toBe('idle');
		expect(autosave.dirty).toBe(false);
		expect(storage.items.size).toBe(0);
	});

	it('follows a newer card from elsewhere in the fields not being edited', () => {
		const { autosave } = setUp();
		autosave.draft.description = 'Mine';
		autosave.accept({ ...CARD, title: 'Renamed elsewhere', description: 'Theirs', archived: true });
		expect(autosave.draft.title).toBe('Renamed elsewhere');
		expect(autosave.draft.description).toBe('Mine');
	});
});

describe('settledDraft', () => {
	it('keeps text as typed when the server took it, and follows the server otherwise', () => {
		const sent = { ...draftOf(CARD), title: 'Docs ' };
		const saved = { ...CARD, title: 'Docs', description: 'Changed elsewhere' };
		expect(settledDraft(sent, sent, saved)).toEqual({ ...sent, description: 'Changed elsewhere' });
		const current = { ...sent, due: '2026-05-01' };
		expect(settledDraft(sent, current, saved).due).toBe('2026-05-01');
	});
});
