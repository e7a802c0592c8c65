import { describe, expect, it } from 'vitest';
import { loginUrl, safeNext, withNext } from './next';

describe('safeNext', () => {
	it.each([
		['/boards/42?card=7', '/boards/42?card=7'],
		['/projects/1/members', '/projects/1/members'],
		['/boards/42#top', '/boards/42#top'],
		['/', '/']
	])('keeps the app path %s', (raw, expected) => {
		expect(safeNext(raw)).toBe(expected);
	});

	it.each([
		[null],
		[undefined],
		[''],
		['boards/42'],
		['https://evil.example/boards'],
		['//evil.example/boards'],
		['/\\evil.example'],
		['/\t/evil.example'],
		['/.//evil.example'],
		['javascript:alert(1)'],
		['/login?next=/boards/1'],
		['/signup']
	])('refuses %s and goes home instead', (raw) => {
		expect(safeNext(raw)).toBe('/');
	});
});

describe('loginUrl', () => {
	it('carries the page asked for, encoded', () => {
		const url = new URL('https://app.example/boards/42?card=7');
		expect(loginUrl(url)).toBe('/login?next=%2Fboards%2F42%3Fcard%3D7');
	});

	it('needs no next for the home page', () => {
		expect(loginUrl(new URL('https://app.example/'))).toBe('/login');
	});

	it('round-trips through the query string', () => {
		const url = new URL('https://app.example/boards/42?card=7&q=a%20b');
		const login = new URL(loginUrl(url), 'https://app.example');
		expect(safeNext(login.searchParams.get('next'))).toBe('/boards/42?card=7&q=a%20b');
	});
});

describe('withNext', () => {
	it('passes a safe next along to another page', () => {
		expect(withNext('/signup', '/boards/1')).toBe('/signup?next=%2Fboards%2F1');
	});

	it('drops an unsafe or missing next', () => {
		expect(withNext('/signup', '//evil.example')).toBe('/signup');
		expect(withNext('/signup', null)).toBe('/signup');
	});
});
