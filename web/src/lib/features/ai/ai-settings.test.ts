import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/result';
import type { AiSettings, AiUsage, Project, ProjectBudget, Role } from '$lib/api/types';
import { AiSettingsState, type AiSettingsApi } from './ai-settings.svelte';

const PROJECT = 'p1';
const ok = <T>(data: T): Promise<ApiResult<T>> => Promise.resolve({ ok: true, data });
const refused = (status: number, code: string, message = 'No.') => Promise.resolve({ ok: false as const, status, code, message });

const SETTINGS: AiSettings = {
	provider: 'openai',
	base_url: 'http://127.0.0.1:9/v1',
	model: 'test-model',
	api_key: '…cdef',
	input_price_per_mtok: '0.15',
	output_price_per_mtok: '0.6',
	updated_at: '2026-03-04T10:00:00Z'
};
const BUDGET: ProjectBudget = { monthly_limit_usd: '10', per_run_limit_usd: null, updated_at: null };
const month = { month: '2026-03', spent_usd: '2.5', input_tokens: 1000, output_tokens: 200, calls: 4 };
const USAGE: AiUsage = {
	month,
	monthly_limit_usd: '10',
	per_run_limit_usd: null,
	months: [month],
	cards: [
		{ card_id: 'c1', board_id: 'b1', title: 'Login', spent_usd: '2', limit_usd: null, calls: 3 },
		{ card_id: 'c2', board_id: null, title: null, spent_usd: '0.5', limit_usd: null, calls: 1 }
	]
};

/** The page on a pretend server where the caller has `role`; records each call. */
function pageAs(role: Role, settings: Promise<ApiResult<AiSettings>> = ok(SETTINGS)) {
	const calls: string[] = [];
	const api: AiSettingsApi = {
		getProject: () => ok({ id: PROJECT, name: 'Apollo', description: '', role } as Project),
		getAiSettings: () => (calls.push('get settings'), settings),
		putAiSettings: (_, body) => (calls.push(`put settings ${JSON.stringify(body)}`), ok({ ...SETTINGS, ...body, api_key: body.api_key === '' ? null : '…cdef' } as AiSettings)),
		deleteAiSettings: () => (calls.push('delete settings'), ok(undefined)),
		getProjectBudget: () => ok(BUDGET),
		putProjectBudget: (_, body) => (calls.push(`put budget ${JSON.stringify(body)}`), ok({ ...BUDGET, ...body } as ProjectBudget)),
		getUsage: () => ok(USAGE)
	};
	return { ai: new AiSettingsState(PROJECT, api), calls };
}

describe('AiSettingsState', () => {
	it('shows an owner the provider, the budgets and the spending, with links to the cards that spent', async () => {
		const { ai, calls } = pageAs('owner');
		await ai.load();
		expect([ai.status, ai.canManage, ai.settings?.api_key, ai.budget?.monthly_limit_usd, ai.usage?.month.spent_usd]).toEqual([
			'ready',
			true,
			'…cdef',
			'10',
			'2.5'
		]);
		expect(ai.usage?.cards.map((card) => card.board_id)).toEqual(['b1', null]);
		expect(calls).toEqual(['get settings']);
	});

	it('never asks for the provider as a member: the spending only', async () => {
		const { ai, calls } = pageAs('member');
		await ai.load();
		expect([ai.status, ai.canManage, ai.settings]).toEqual(['ready', false, null]);
		expect(calls).not.toContain('get settings');
	});

	it('takes "no provider yet" as a page to fill in, and any other refusal as the page’s error', async () => {
		const none = pageAs('admin', refused(404, 'not_found', 'No AI provider is configured for this project.'));
		await none.ai.load();
		expect([none.ai.status, none.ai.settings]).toEqual(['ready', null]);

		const broken = pageAs('admin', refused(500, 'internal', 'Something broke.'));
		await broken.ai.load();
		expect([broken.ai.status, broken.ai.message]).toEqual(['error', 'Something broke.']);
	});

	it('saves the provider, removes its key (keeping the rest), and removes it', async () => {
		const { ai, calls } = pageAs('owner');
		await ai.load();
		const body = { provider: 'anthropic' as const, base_url: 'https://api.anthropic.com', model: 'claude', input_price_per_mtok: '3', output_price_per_mtok: '15' };
		await ai.saveProvider(body);
		expect(ai.settings?.provider).toBe('anthropic');
		const removed = await ai.removeKey();
		expect(removed.ok && removed.data.api_key).toBeNull();
		expect(calls.at(-1)).toBe(`put settings ${JSON.stringify({ ...body, api_key: '' })}`);
		await ai.removeProvider();
		expect([ai.settings, calls.at(-1)]).toEqual([null, 'delete settings']);
	});

	it('saves the budgets and shows the new monthly limit against this month’s spending', async () => {
		const { ai, calls } = pageAs('owner');
		await ai.load();
		await ai.saveBudget({ monthly_limit_usd: '20.00', per_run_limit_usd: '0.50' });
		expect(calls).toContain('put budget {"monthly_limit_usd":"20.00","per_run_limit_usd":"0.50"}');
		expect([ai.usage?.monthly_limit_usd, ai.usage?.per_run_limit_usd]).toEqual(['20.00', '0.50']);
	});
});
