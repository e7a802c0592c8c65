/** Which project or board a route is about, read from SvelteKit's route id and params. */
export type Place = { kind: 'board'; id: string } | { kind: 'project'; id: string } | { kind: 'none' };

export function placeOf(routeId: string | null, params: Record<string, string | undefined>): Place {
	const id = params.id;
	if (!routeId || !id) return { kind: 'none' };
	if (routeId.startsWith('/(app)/boards/[id]')) return { kind: 'board', id };
	if (routeId.startsWith('/(app)/projects/[id]')) return { kind: 'project', id };
	return { kind: 'none' };
}

/** Pages that use the whole width of the window (a board's columns), the others a reading column. */
export function isWidePage(routeId: string | null): boolean {
	return placeOf(routeId, { id: 'any' }).kind === 'board';
}
