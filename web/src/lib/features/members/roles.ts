/**
 * Who may manage whom, mirroring the server's rules (members/service.py): owners and admins
 * manage members; only owners grant, change or remove the owner role. The server still decides;
 * these only keep controls a person cannot use out of their way.
 */
import type { Role } from '$lib/api/types';

export const ROLES: readonly Role[] = ['owner', 'admin', 'member', 'viewer'];

export function canManageMembers(caller: Role | null | undefined): boolean {
	return caller === 'owner' || caller === 'admin';
}

/** The roles the caller may hand out (in an invite or a role change). */
export function assignableRoles(caller: Role | null | undefined): Role[] {
	if (caller === 'owner') return [...ROLES];
	if (caller === 'admin') return ROLES.filter((role) => role !== 'owner');
	return [];
}

/** Whether the caller may change or remove a member who currently holds `memberRole`. */
export function canEditMember(caller: Role | null | undefined, memberRole: Role): boolean {
	if (!canManageMembers(caller)) return false;
	return memberRole !== 'owner' || caller === 'owner';
}

/** What each role may do, in a few words (shown where a role is offered or granted). */
export const ROLE_SUMMARY: Readonly<Record<Role, string>> = {
	owner: 'can do everything, including managing owners',
	admin: 'can edit boards and manage members',
	member: 'can add and edit cards and boards',
	viewer: 'can see the boards but not change them'
};

/** "A viewer can see the boards but not change them." */
export function describeRole(role: Role): string {
	const article = role === 'owner' || role === 'admin' ? 'An' : 'A';
	return `${article} ${role} ${ROLE_SUMMARY[role]}.`;
}
