import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { Label, LabelApi } from './api';
import { ProjectLabels, byLabelName } from './labels.svelte';

const ok = <T>(data: T): ApiResult<T> => ({ ok: true, data });
const refused = (status: number, message = 'No.'): ApiResult<never> => ({ ok: false, status, code: 'refused', message });

/** A fake label endpoint holding the project's labels. */
function fakeApi(labels: Label[]) {
	const calls: string[] = [];
	const api: LabelApi = {
		listLabels: async () => (calls.push('list'), ok(labels.map((label) => ({ ...label })))),
		createLabel: async (_project, name, color) => {
			calls.push(`create ${name} ${color}`);
			if (labels.some((label) => label.name === name)) return refused(409, 'exists');
			const label = { name, color, cards: 0 };
			labels.push(label);
			return ok(label);
		},
		updateLabel: async (_project, name, body) => {
			calls.push(`update ${name} ${body.color}`);
			const label = labels.find((known) => known.name === name);
			if (!label || !body.color) return refused(404);
			label.color = body.color;
			return ok({ ...label });
		}
	};
	return { api, calls, labels };
}

describe('ProjectLabels', () => {
	it('loads once (calls share a read under way), sorted by name ignoring case, and gives each name its colour', async () => {
		const { api, calls } = fakeApi([
			{ name: 'ux', color: 'pink', cards: 1 },
			{ name: 'Bug', color: 'red', cards: 3 }
		]);
		const store = new ProjectLabels('p1', api);
		store.ensure();
		store.ensure();
		await store.load();
		expect(calls).toEqual(['list']);
		expect(store.list.map((label) => label.name)).toEqual(['Bug', 'ux']);
		expect(store.color('Bug')).toBe('red');
		expect(store.color('never heard of it')).toBe('gray');
		expect(store.tone('ux').light.bg).toMatch(/^#/);
	});

	it('reads the list again once for a name it does not know', async () => {
		const { api, calls, labels } = fakeApi([{ name: 'Bug', color: 'red', cards: 1 }]);
		const store = new ProjectLabels('p1', api);
		await store.load();
		labels.push({ name: 'new', color: 'lime', cards: 1 });
		store.notice(['Bug', 'new']);
		await store.load();
		expect(store.color('new')).toBe('lime');
		store.notice(['new', 'Bug']);
		store.notice(['ghost']);
		store.notice(['ghost']);
		await store.load();
		expect(calls.filter((call) => call === 'list')).toHaveLength(3);
	});

	it('creates a label, and hands back the existing one when the name is taken', async () => {
		const { api } = fakeApi([{ name: 'Bug', color: 'red', cards: 1 }]);
		const store = new ProjectLabels('p1', api);
		await store.load();
		const created = await store.create('Alpha', 'sky');
		expect(created.ok && created.data.color).toBe('sky');
		expect(store.list.map((label) => label.name)).toEqual(['Alpha', 'Bug']);
		const taken = await store.create('Bug', 'green');
		expect(taken.ok && taken.data.color).toBe('red');
	});

	it('recolours at once and puts the colour back when the server refuses', async () => {
		const { api } = fakeApi([{ name: 'Bug', color: 'red', cards: 1 }]);
		const store = new ProjectLabels('p1', api);
		await store.load();
		const saving = store.recolor('Bug', 'blue');
		expect(store.color('Bug')).toBe('blue');
		expect((await saving).ok).toBe(true);
		const failing = store.recolor('Gone', 'blue');
		expect(store.color('Gone')).toBe('blue');
		expect((await failing).ok).toBe(false);
		expect(store.get('Gone')).toBeUndefined();
	});

	it('keeps the last good list when a reload fails', async () => {
		let fail = false;
		const { api } = fakeApi([{ name: 'Bug', color: 'red', cards: 1 }]);
		const store = new ProjectLabels('p1', { ...api, listLabels: async (id) => (fail ? refused(500) : api.listLabels(id)) });
		await store.load();
		fail = true;
		await store.load();
		expect(store.status).toBe('ready');
		expect(store.color('Bug')).toBe('red');
	});
});

describe('byLabelName', () => {
	it('sorts ignoring case, then upper case first', () => {
		const sorted = [{ name: 'b' }, { name: 'B' }, { name: 'a' }].sort(byLabelName);
		expect(sorted.map((label) => label.name)).toEqual(['a', 'B', 'b']);
	});
});

describe('ProjectLabels.recolor answered out of order', () => {
	it('shows the colour asked for last', async () => {
		const answers: ((result: ApiResult<Label>) => void)[] = [];
		const api: LabelApi = {
			listLabels: async () => ok([{ name: 'Bug', color: 'red', cards: 1 }]),
			createLabel: async () => refused(500),
			updateLabel: (_project, name, body) =>
				new Promise((resolve) => answers.push(() => resolve(ok({ name, color: body.color ?? 'gray', cards: 1 }))))
		};
		const store = new ProjectLabels('p1', api);
		await store.load();
		const first = store.recolor('Bug', 'blue');
		const second = store.recolor('Bug', 'green');
		answers[1](ok({ name: 'Bug', color: 'green', cards: 1 }));
		await second;
		answers[0](ok({ name: 'Bug', color: 'blue', cards: 1 }));
		await first;
		expect(store.color('Bug')).toBe('green');
	});
});
