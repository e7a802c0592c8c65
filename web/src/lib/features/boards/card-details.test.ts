import { describe, expect, it } from 'vitest';
import type { AuditEvent, Card } from '$lib/api/types';
import { changedFields, dateInputValue, draftOf, parseLabels, rebaseDraft } from './card-draft';
import { describeEvent, newestFirst } from './history';
import { ProjectRole } from './project-role.svelte';

const CARD: Card = {
	id: 'c1',
	column_id: 'todo',
	title: 'Write docs',
	description: 'All of them',
	labels: ['docs', 'easy'],
	assignee_ids: [],
	due: '2026-03-04T00:00:00Z',
	archived: false
};

function event(action: string, data: AuditEvent['data'] = {}, at = '2026-01-01T10:00:00Z'): AuditEvent {
	return { id: at, at, actor_id: 'u1', action, subject_type: 'card', subject_id: 'c1', data };
}

describe('card draft', () => {
	it('round-trips a card without changes', () => {
		expect(draftOf(CARD)).toEqual({ title: 'Write docs', description: 'All of them', labels: 'docs, easy', due: '2026-03-04', assignees: [] });
		expect(changedFields(CARD, draftOf(CARD))).toEqual({});
	});

	it('sends only the changed fields', () => {
		const draft = { ...draftOf(CARD), title: ' Write more docs ', labels: 'docs, easy, docs, , urgent' };
		expect(changedFields(CARD, draft)).toEqual({ title: 'Write more docs', labels: ['docs', 'easy', 'urgent'] });
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

	it('keeps edits made while a save was in flight, and takes the saved card for the rest', () => {
		const sent = { ...draftOf(CARD), description: 'Fewer of them' };
		const current = { ...sent, assignees: ['u1'] };
		const saved = { ...CARD, description: 'Fewer of them', title: 'Write docs (renamed elsewhere)' };
		expect(rebaseDraft(sent, current, saved)).toEqual({ ...draftOf(saved), assignees: ['u1'] });
		expect(rebaseDraft(sent, sent, saved)).toEqual(draftOf(saved));
	});

	it('parses labels and date input values', () => {
		expect(parseLabels(' a ,b,,a')).toEqual(['a', 'b']);
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
