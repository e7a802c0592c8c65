import { describe, expect, it } from 'vitest';
import { SidebarState } from './sidebar.svelte';
import { MemoryStorage } from './test-storage';

describe('SidebarState', () => {
	it('starts shown, with every project unfolded and the drawer closed', () => {
		const sidebar = new SidebarState(new MemoryStorage());
		expect(sidebar.hidden).toBe(false);
		expect(sidebar.isFolded('p1')).toBe(false);
		expect(sidebar.drawerOpen).toBe(false);
	});

	it('remembers that it was hidden', () => {
		const storage = new MemoryStorage();
		new SidebarState(storage).toggleHidden();
		expect(new SidebarState(storage).hidden).toBe(true);
	});

	it('remembers which projects are folded', () => {
		const storage = new MemoryStorage();
		const sidebar = new SidebarState(storage);
		sidebar.toggleFolded('p1');
		sidebar.toggleFolded('p2');
		sidebar.toggleFolded('p2');
		const again = new SidebarState(storage);
		expect(again.isFolded('p1')).toBe(true);
		expect(again.isFolded('p2')).toBe(false);
	});

	it('never remembers the drawer open', () => {
		const storage = new MemoryStorage();
		const sidebar = new SidebarState(storage);
		sidebar.openDrawer();
		sidebar.toggleFolded('p1');
		expect(sidebar.drawerOpen).toBe(true);
		expect(new SidebarState(storage).drawerOpen).toBe(false);
		sidebar.closeDrawer();
		expect(sidebar.drawerOpen).toBe(false);
	});

	it('ignores corrupt or odd storage', () => {
		const storage = new MemoryStorage();
		storage.setItem('projectflow.sidebar', '{oops');
		expect(new SidebarState(storage).hidden).toBe(false);
		storage.setItem('projectflow.sidebar', JSON.stringify({ hidden: 'yes', folded: [1, 'p3'] }));
		const sidebar = new SidebarState(storage);
		expect(sidebar.hidden).toBe(false);
		expect(sidebar.isFolded('p3')).toBe(true);
	});

	it('works without storage', () => {
		const sidebar = new SidebarState(null);
		sidebar.toggleHidden();
		expect(sidebar.hidden).toBe(true);
	});
});
