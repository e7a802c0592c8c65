import { describe, expect, it } from 'vitest';
import type { AuditEvent, Card, Comment } from '$lib/api/types';
import type { CardApi } from './card-api';
import { CardDetails } from './card-details.svelte';
import { changedFields, dateInputValue, draftOf } from './card-draft';
import { describeEvent, newestFirst } from './history';
import { ProjectRole } from './project-role.svelte';

const CARD: Card = {
	id: 'c1',
	board_id: 'b1',
	column_id: 'todo',
	parent_id: null,
	title: 'Write docs',
	description: 'All of them',
	labels: ['docs', 'easy'],
	assignee_ids: [],
	due: '2026-03-04T00:00:00Z',
	due_done: false,
	archived: false,
	checklists: [],
	comment_count: 0
};

function event(action: string, data: AuditEvent['data'] = {}, at = '2026-01-01T10:00:00Z'): AuditEvent {
	return { id: at, at, actor_id: 'u1', action, subject_type: 'card', subject_id: 'c1', data };
}

describe('card draft', () => {
	it('round-trips a card without changes', () => {
		expect(draftOf(CARD)).toEqual({ title: 'Write docs', description: 'All of them', due: '2026-03-04', assignees: [] });
		expect(changedFields(CARD, draftOf(CARD))).toEqual({});
	});

	it('sends only the changed fields', () => {
		const draft = { ...draftOf(CARD), title: ' Write more docs ', description: 'More' };
		expect(changedFields(CARD, draft)).toEqual({ title: 'Write more docs', description: 'More' });
	});

	it('clears the due date with null and sets a new one as a UTC midnight', () => {
		expect(changedFields(CARD, { ...draftOf(CARD), due: '' })).toEqual({ due: null });
		expect(changedFields(CARD, { ...draftOf(CARD), due: '2026-05-01' })).toEqual({ due: '2026-05-01T00:00:00Z' });
	});

	it('sends assignee_ids only when the set of assignees changed', () => {
		const assigned = { ...CARD, assignee_ids: ['u1', 'u2'] };
		expect(changedFields(assigned, { ...draftOf(assigned), assignees: ['u2', 'u1'] })).toEqual({});
		expect(changedFields(assigned, { ...draftOf(assigned), assignees: ['u2'] })).toEqual({ assignee_ids: ['u2'] });
		expect(changedFields(CARD, { ...draftOf(CARD), assignees: ['u3'] })).toEqual({ assignee_ids: ['u3'] });
	});

	it('parses date input values', () => {
		expect(dateInputValue(null)).toBe('');
	});
});

describe('card history', () => {
	const names: Record<string, string> = { todo: 'To do', done: 'Done' };
	const columnName = (id: string) => names[id];

	it('describes each card action in words', () => {
		expect(describeEvent(event('card.created', { title: 'X' }))).toBe('Created the card “X”');
		expect(describeEvent(event('card.moved', { from_column_id: 'todo', to_column_id: 'done' }), columnName)).toBe('Moved from To do to Done');
		expect(describeEvent(event('card.moved', { from_column_id: 'todo', to_column_id: 'todo' }), columnName)).toBe('Reordered within To do');
		expect(describeEvent(event('card.updated', { fields: ['due', 'title'] }))).toBe('Updated due, title');
		expect(describeEvent(event('card.archived'))).toBe('Archived the card');
		expect(describeEvent(event('card.unarchived'))).toBe('Unarchived the card');
		expect(describeEvent(event('card.commented'))).toBe('Commented');
		expect(describeEvent(event('card.teleported'))).toBe('card.teleported');
	});

	it('describes moves across boards and over a WIP limit', () => {
		const across = { from_board_id: 'b1', to_board_id: 'b2', from_column_id: 'elsewhere', to_column_id: 'done' };
		expect(describeEvent(event('card.moved', across), columnName)).toBe('Moved from another board to Done');
		expect(describeEvent(event('card.moved', { ...across, from_column_id: 'todo', to_column_id: 'x' }), columnName)).toBe(
			'Moved from To do to another board'
		);
		const over = { from_column_id: 'todo', to_column_id: 'done', wip_override: true };
		expect(describeEvent(event('card.moved', over), columnName)).toBe('Moved from To do to Done (over its WIP limit)');
	});

	it('describes comment and checklist actions', () => {
		expect(describeEvent(event('comment.edited'))).toBe('Edited a comment');
		expect(describeEvent(event('comment.deleted'))).toBe('Deleted a comment');
		expect(describeEvent(event('checklist.created', { title: 'Launch' }))).toBe('Added the checklist “Launch”');
		expect(describeEvent(event('checklist.item_added', { text: 'Fuel' }))).toBe('Added “Fuel” to a checklist');
		expect(describeEvent(event('checklist.item_updated', { done: true }))).toBe('Ticked a checklist item');
		expect(describeEvent(event('checklist.item_updated', { text: 'Oxygen' }))).toBe('Changed a checklist item to “Oxygen”');
		expect(describeEvent(event('checklist.item_converted'))).toBe('Turned a checklist item into a card');
	});

	it('sorts newest first', () => {
		const old = event('card.created', {}, '2026-01-01T00:00:00Z');
		const recent = event('card.moved', {}, '2026-02-01T00:00:00Z');
		expect(newestFirst([old, recent])).toEqual([recent, old]);
	});
});

describe('ProjectRole', () => {
	const project = (role: 'viewer' | 'member') => async () => ({ ok: true as const, data: { id: 'p1', name: 'P', description: '', role } });

	it('allows editing for members, not viewers, and not before the role is known', async () => {
		const member = new ProjectRole(project('member'));
		expect(member.canEdit).toBe(false);
		await member.load('p1');
		expect(member.canEdit).toBe(true);

		const viewer = new ProjectRole(project('viewer'));
		await viewer.load('p1');
		expect(viewer.canEdit).toBe(false);
	});
});

describe('CardDetails', () => {
	const comment = (id: string, body: string): Comment => ({
		id,
		card_id: 'c1',
		author_id: 'u1',
		author_name: 'Ada',
		body,
		created_at: '2026-01-01T10:00:00Z',
		edited_at: null
	});

	function fakeApi(calls: string[]): CardApi {
		const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data });
		return {
			updateCard: (_id, body) => (calls.push(`update ${JSON.stringify(body)}`), ok({ ...CARD, ...body } as Card)),
			moveCard: (_id, body) => (calls.push(`move ${body.column_id}`), ok({ ...CARD, column_id: body.column_id })),
			listComments: () => ok([comment('m1', 'first'), comment('m2', 'second')]),
			addComment: (_id, body) => ok(comment('m3', body)),
			editComment: (id, body) => (calls.push(`edit ${id}`), ok({ ...comment(id, body), edited_at: '2026-01-02T10:00:00Z' })),
			deleteComment: (id) => (calls.push(`delete ${id}`), ok(null)),
			cardHistory: () => (calls.push('history'), ok([]))
		};
	}

	it('edits and deletes comments in place, and moves the card', async () => {
		const calls: string[] = [];
		const details = new CardDetails('c1', fakeApi(calls));
		await details.load();
		expect((await details.editComment('m1', 'first, edited')).ok).toBe(true);
		expect(details.comments.map((c) => [c.body, c.edited_at !== null])).toEqual([
			['first, edited', true],
			['second', false]
		]);
		await details.deleteComment('m2');
		expect(details.comments.map((c) => c.id)).toEqual(['m1']);
		const moved = await details.move({ column_id: 'done' });
		expect(moved.ok && moved.data.column_id).toBe('done');
		expect(calls.filter((call) => call !== 'history')).toEqual(['edit m1', 'delete m2', 'move done']);
		// Deleting and moving show up in the card's history: it is fetched again.
		expect(calls.filter((call) => call === 'history')).toHaveLength(3);
	});
});
