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
