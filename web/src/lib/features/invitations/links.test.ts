import { describe, expect, it } from 'vitest';
import { copyText } from './clipboard';
import { invitePath, inviteUrl } from './links';

describe('invitation links', () => {
	it('is the app origin, /invite/ and the token', () => {
		expect(inviteUrl('https://flow.example.com', 'pfi_Ab-9_x')).toBe('https://flow.example.com/invite/pfi_Ab-9_x');
		expect(inviteUrl('http://127.0.0.1:8000', 'pfi_t')).toBe('http://127.0.0.1:8000/invite/pfi_t');
	});

	it('keeps a token with odd characters inside its path segment', () => {
		expect(invitePath('a/b?c')).toBe('/invite/a%2Fb%3Fc');
	});
});

describe('copyText', () => {
	it('writes to the clipboard and says so', async () => {
		const written: string[] = [];
		const clipboard = { writeText: async (text: string) => void written.push(text) };
		expect(await copyText('https://x/invite/t', clipboard)).toBe(true);
		expect(written).toEqual(['https://x/invite/t']);
	});

	it('reports a refusal or a missing clipboard, for the select-and-copy fallback', async () => {
		const refusing = { writeText: () => Promise.reject(new DOMException('Denied', 'NotAllowedError')) };
		expect(await copyText('x', refusing)).toBe(false);
		expect(await copyText('x', undefined)).toBe(false);
	});
});
