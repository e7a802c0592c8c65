/** The product's name, as every page title and the shell show it. */
export const PRODUCT = 'ProjectFlow AI';

/**
 * A page's `<title>`: its parts from the most to the least specific, then the product
 * ("Sprint 12 · Acme — ProjectFlow AI"). Parts not known yet (still loading) are left out.
 */
export function pageTitle(...parts: (string | null | undefined)[]): string {
	const known = parts.map((part) => part?.trim()).filter(Boolean);
	return known.length === 0 ? PRODUCT : `${known.join(' · ')} — ${PRODUCT}`;
}
