// Signed-in pages depend on ids and a token known only in the browser: the index.html
// fallback serves them, so there is nothing to prerender (and no clash with the fallback).
export const prerender = false;
