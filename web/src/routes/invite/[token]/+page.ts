// The token is known only from the address: served by the index.html fallback, never prerendered.
export const prerender = false;
