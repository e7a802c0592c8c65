import type { ApiFailure, ApiResult } from '$lib/api/result';
import type { AiSettings, AiSettingsIn, AiUsage, Project, ProjectBudget, ProjectBudgetIn } from '$lib/api/types';
import { getProject } from '$lib/features/projects/api';
import { statusOf, type LoadStatus } from '$lib/ui/load-status';
import {
	deleteAiSettings,
	getAiSettings,
	getProjectBudget,
	getUsage,
	putAiSettings,
	putProjectBudget
} from './api';

/** What the AI settings page asks of the server (tests hand in their own). */
export type AiSettingsApi = {
	getProject: (projectId: string) => Promise<ApiResult<Project>>;
	getAiSettings: typeof getAiSettings;
	putAiSettings: typeof putAiSettings;
	deleteAiSettings: typeof deleteAiSettings;
	getProjectBudget: typeof getProjectBudget;
	putProjectBudget: typeof putProjectBudget;
	getUsage: typeof getUsage;
};

const serverApi: AiSettingsApi = {
	getProject,
	getAiSettings,
	putAiSettings,
	deleteAiSettings,
	getProjectBudget,
	putProjectBudget,
	getUsage
};

/**
 * A project's AI settings page: its provider (owners and admins; the key only ever masked), its
 * budgets, and what its runs spent. Members and viewers see the spending and the limits.
 */
export class AiSettingsState {
	project = $state<Project | null>(null);
	/** The provider; null when none is configured (or the caller may not see it). */
	settings = $state<AiSettings | null>(null);
	budget = $state<ProjectBudget | null>(null);
	usage = $state<AiUsage | null>(null);
	/** The board of each card in the spending list, by card id, for links to it. */
	status = $state<LoadStatus>('loading');
	message = $state('');
	readonly projectId: string;
	readonly #api: AiSettingsApi;

	constructor(projectId: string, api: AiSettingsApi = serverApi) {
		this.projectId = projectId;
		this.#api = api;
	}

	/** Owners and admins set the provider and the budgets. */
	get canManage(): boolean {
		const role = this.project?.role;
		return role === 'owner' || role === 'admin';
	}

	async load(): Promise<void> {
		const [project, usage, budget] = await Promise.all([
			this.#api.getProject(this.projectId),
			this.#api.getUsage(this.projectId),
			this.#api.getProjectBudget(this.projectId)
		]);
		if (!project.ok) return this.#fail(project);
		if (!usage.ok) return this.#fail(usage);
		if (!budget.ok) return this.#fail(budget);
		this.project = project.data;
		if (this.canManage) {
			const settings = await this.#api.getAiSettings(this.projectId);
			if (!settings.ok && settings.code !== 'not_found') return this.#fail(settings);
			this.settings = settings.ok ? settings.data : null;
		}
		this.usage = usage.data;
		this.budget = budget.data;
		this.status = 'ready';
	}

	/** `api_key` left out keeps the stored key. */
	async saveProvider(body: AiSettingsIn): Promise<ApiResult<AiSettings>> {
		const result = await this.#api.putAiSettings(this.projectId, body);
		if (result.ok) this.settings = result.data;
		return result;
	}

	/** Keeps the provider, without a key (a local server needs none). */
	removeKey(): Promise<ApiResult<AiSettings>> {
		const current = this.settings;
		if (!current) return Promise.resolve(NOTHING_TO_REMOVE);
		const { provider, base_url, model, input_price_per_mtok, output_price_per_mtok } = current;
		return this.saveProvider({ provider, base_url, model, input_price_per_mtok, output_price_per_mtok, api_key: '' });
	}

	/** No provider any more: AI actions say none is configured. */
	async removeProvider(): Promise<ApiResult<unknown>> {
		const result = await this.#api.deleteAiSettings(this.projectId);
		if (result.ok) this.settings = null;
		return result;
	}

	async saveBudget(body: ProjectBudgetIn): Promise<ApiResult<ProjectBudget>> {
		const result = await this.#api.putProjectBudget(this.projectId, body);
		if (!result.ok) return result;
		this.budget = result.data;
		if (this.usage) {
			const { monthly_limit_usd, per_run_limit_usd } = result.data;
			this.usage = { ...this.usage, monthly_limit_usd, per_run_limit_usd };
		}
		return result;
	}

	#fail(failure: ApiFailure): void {
		this.status = statusOf(failure);
		this.message = failure.message;
	}
}

const NOTHING_TO_REMOVE: ApiFailure = { ok: false, status: 0, code: 'not_found', message: 'No provider is set.' };
