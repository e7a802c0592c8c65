/**
 * Invitation links: `<origin>/invite/<token>`. The token is the link's secret (the server keeps
 * only its hash and shows it once), so the link is made here from the answer that carries it.
 */

/** The app's path that opens an invitation link. */
export function invitePath(token: string): string {
	return `/invite/${encodeURIComponent(token)}`;
}

/** The whole link to share, e.g. `https://flow.example.com/invite/pfi_…`. */
export function inviteUrl(origin: string, token: string): string {
	return new URL(invitePath(token), origin).href;
}
