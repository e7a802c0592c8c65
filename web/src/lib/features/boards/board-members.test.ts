import { describe, expect, it } from 'vitest';
import type { Member } from '$lib/api/types';
import { BoardMembers, initials } from './board-members.svelte';

const ADA: Member = { user_id: 'u1', email: 'ada@example.com', name: 'Ada Lovelace', role: 'member' };

describe('board members', () => {
	it('makes initials from a name', () => {
		expect(initials('Ada Lovelace')).toBe('AL');
		expect(initials('  grace  brewster hopper ')).toBe('GH');
		expect(initials('linus')).toBe('LI');
		expect(initials('')).toBe('?');
	});

	it('loads a project once and looks members up by id', async () => {
		let calls = 0;
		const members = new BoardMembers(async () => {
			calls += 1;
			return { ok: true, data: [ADA] };
		});
		expect((await members.load('p1'))?.ok).toBe(true);
		expect(await members.load('p1')).toBeNull();
		expect(calls).toBe(1);
		expect(members.member('u1')?.name).toBe('Ada Lovelace');
		expect(members.member('nope')).toBeUndefined();
	});
});
