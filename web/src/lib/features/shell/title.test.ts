import { describe, expect, it } from 'vitest';
import { pageTitle } from './title';

describe('pageTitle', () => {
	it('names the page, its project, then the product', () => {
		expect(pageTitle('Sprint 12', 'Acme')).toBe('Sprint 12 · Acme — ProjectFlow AI');
	});

	it('leaves out what is not loaded yet', () => {
		expect(pageTitle('Members', undefined)).toBe('Members — ProjectFlow AI');
		expect(pageTitle(null, ' ')).toBe('ProjectFlow AI');
	});

	it('is the product alone without parts', () => {
		expect(pageTitle()).toBe('ProjectFlow AI');
	});
});
