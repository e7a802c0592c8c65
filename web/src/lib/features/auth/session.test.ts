import { describe, expect, it } from 'vitest';
import type { SessionOut } from '$lib/api/types';
import { Session } from './session.svelte';

class MemoryStorage {
	values = new Map<string, string>();
	getItem(key: string): string | null {
		return this.values.get(key) ?? null;
	}
	setItem(key: string, value: string): void {
		this.values.set(key, value);
	}
	removeItem(key: string): void {
		this.values.delete(key);
	}
}

const signedIn: SessionOut = {
	token: 'tok-123',
	user: { id: '00000000-0000-0000-0000-000000000001', email: 'ada@example.com', name: 'Ada' }
};

describe('Session', () => {
	it('starts signed out with empty storage', () => {
		const session = new Session(new MemoryStorage());
		expect(session.signedIn).toBe(false);
		expect(session.user).toBeNull();
	});

	it('survives a reload through storage', () => {
		const storage = new MemoryStorage();
		new Session(storage).start(signedIn);
		const reloaded = new Session(storage);
		expect(reloaded.signedIn).toBe(true);
		expect(reloaded.token).toBe('tok-123');
		expect(reloaded.user?.name).toBe('Ada');
	});

	it('clear forgets the token here and in storage', () => {
		const storage = new MemoryStorage();
		const session = new Session(storage);
		session.start(signedIn);
		session.clear();
		expect(session.signedIn).toBe(false);
		expect(new Session(storage).signedIn).toBe(false);
	});

	it('remembers whether the person logged out or the session expired', () => {
		const session = new Session(new MemoryStorage());
		session.start(signedIn);
		session.clear();
		expect(session.loggedOut).toBe(false);
		session.start(signedIn);
		session.clear(true);
		expect(session.loggedOut).toBe(true);
		session.start(signedIn);
		expect(session.loggedOut).toBe(false);
	});

	it('ignores corrupt storage instead of throwing', () => {
		const storage = new MemoryStorage();
		storage.setItem('projectflow.session', '{not json');
		expect(new Session(storage).signedIn).toBe(false);
	});

	it('works without storage at all', () => {
		const session = new Session(null);
		session.start(signedIn);
		expect(session.token).toBe('tok-123');
	});
});
