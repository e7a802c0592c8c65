// A single-page app: the API serves index.html for every unknown path, the router does the rest.
export const prerender = true;
export const ssr = false;
