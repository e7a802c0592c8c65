// Vitest setup: Node has no page origin to resolve the API client's relative URLs against; lend
// it one, as a browser would, before any module captures the Request class.
const NativeRequest = globalThis.Request;
globalThis.Request = class extends NativeRequest {
	constructor(input: RequestInfo | URL, init?: RequestInit) {
		super(typeof input === 'string' ? new URL(input, 'http://localhost') : input, init);
	}
};
