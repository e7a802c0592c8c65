import { getContext, setContext } from 'svelte';
import type { ApiResult } from '$lib/api/result';
import type { Member } from '$lib/api/types';
import { listMembers } from '$lib/features/members/api';

/** The board's project members, loaded once per project; cards and the drawer look names up here. */
export class BoardMembers {
	list = $state<Member[]>([]);
	#projectId: string | null = null;
	readonly #listMembers: (projectId: string) => Promise<ApiResult<Member[]>>;

	constructor(fetchMembers: (projectId: string) => Promise<ApiResult<Member[]>> = listMembers) {
		this.#listMembers = fetchMembers;
	}

	/** Null when this project's members are already loaded (or loading). */
	async load(projectId: string): Promise<ApiResult<Member[]> | null> {
		if (this.#projectId === projectId) return null;
		this.#projectId = projectId;
		const result = await this.#listMembers(projectId);
		if (result.ok && this.#projectId === projectId) this.list = result.data;
		return result;
	}

	member(userId: string): Member | undefined {
		return this.list.find((member) => member.user_id === userId);
	}
}

/** "Ada Lovelace" -> "AL"; one word -> its first two letters. */
export function initials(name: string): string {
	const words = name.trim().split(/\s+/).filter(Boolean);
	if (words.length === 0) return '?';
	if (words.length === 1) return words[0].slice(0, 2).toUpperCase();
	return (words[0][0] + words[words.length - 1][0]).toUpperCase();
}

const KEY = Symbol('board-members');

export function setBoardMembers(members: BoardMembers): void {
	setContext(KEY, members);
}

export function getBoardMembers(): BoardMembers | undefined {
	return getContext<BoardMembers | undefined>(KEY);
}
