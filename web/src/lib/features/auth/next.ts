/**
 * Where to go after logging in: the page that was asked for, carried in `?next=` through the
 * login and signup pages. Only a path of this app is accepted, so a crafted link cannot send a
 * person who just logged in to another site.
 */

const HOME = '/';
// Any origin will do: it only tells a relative path from one that leaves the app.
const BASE = 'https://projectflow.invalid';
const AUTH_PAGES = new Set(['/login', '/signup']);

/** `raw` as a same-origin path (with its query and fragment), or "/" if it is anything else. */
export function safeNext(raw: string | null | undefined): string {
	if (!raw || !raw.startsWith('/') || hasOddCharacter(raw)) return HOME;
	let url: URL;
	try {
		url = new URL(raw, BASE);
	} catch {
		return HOME;
	}
	const path = url.pathname + url.search + url.hash;
	// "//host" (also what "/.//host" normalises to) is another origin to the browser.
	if (url.origin !== BASE || path.startsWith('//') || AUTH_PAGES.has(url.pathname)) return HOME;
	return path;
}

/** A backslash or a control character is never in a link we make; browsers read a backslash as "/". */
function hasOddCharacter(text: string): boolean {
	return [...text].some((char) => char === '\\' || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}

/** The login page, asked to come back to `url` (a page of this app) afterwards. */
export function loginUrl(url: Pick<URL, 'pathname' | 'search' | 'hash'>): string {
	return withNext('/login', url.pathname + url.search + url.hash);
}

/** `page` carrying `next` along (e.g. the link from login to signup), unless it is home. */
export function withNext(page: string, next: string | null | undefined): string {
	const target = safeNext(next);
	return target === HOME ? page : `${page}?next=${encodeURIComponent(target)}`;
}
