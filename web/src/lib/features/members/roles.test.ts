import { describe, expect, it } from 'vitest';
import { assignableRoles, canEditMember, canManageMembers, describeRole } from './roles';

describe('canManageMembers', () => {
	it('lets owners and admins manage', () => {
		expect(canManageMembers('owner')).toBe(true);
		expect(canManageMembers('admin')).toBe(true);
	});

	it('keeps members, viewers and unknown callers read-only', () => {
		expect(canManageMembers('member')).toBe(false);
		expect(canManageMembers('viewer')).toBe(false);
		expect(canManageMembers(null)).toBe(false);
	});
});

describe('assignableRoles', () => {
	it('gives owners every role', () => {
		expect(assignableRoles('owner')).toEqual(['owner', 'admin', 'member', 'viewer']);
	});

	it('keeps the owner role away from admins', () => {
		expect(assignableRoles('admin')).toEqual(['admin', 'member', 'viewer']);
	});

	it('gives read-only callers nothing', () => {
		expect(assignableRoles('member')).toEqual([]);
		expect(assignableRoles('viewer')).toEqual([]);
	});
});

describe('canEditMember', () => {
	it('lets an owner edit anyone, owners included', () => {
		expect(canEditMember('owner', 'owner')).toBe(true);
		expect(canEditMember('owner', 'viewer')).toBe(true);
	});

	it('lets an admin edit everyone but owners', () => {
		expect(canEditMember('admin', 'owner')).toBe(false);
		expect(canEditMember('admin', 'admin')).toBe(true);
		expect(canEditMember('admin', 'member')).toBe(true);
	});

	it('lets nobody else edit', () => {
		expect(canEditMember('member', 'viewer')).toBe(false);
		expect(canEditMember('viewer', 'viewer')).toBe(false);
	});
});

describe('describeRole', () => {
	it('says what a role may do, as a sentence', () => {
		expect(describeRole('viewer')).toBe('A viewer can see the boards but not change them.');
		expect(describeRole('admin')).toBe('An admin can edit boards and manage members.');
	});
});
