import { api } from '$lib/api/client';
import { toResult, type ApiResult } from '$lib/api/result';
import type {
	AiRun,
	Card,
	AiRunQueued,
	AiRunRequest,
	AiSettings,
	AiSettingsIn,
	AiUsage,
	CardBudget,
	ProjectBudget,
	ProjectBudgetIn
} from '$lib/api/types';

const projectPath = (projectId: string) => ({ params: { path: { project_id: projectId } } });
const cardPath = (cardId: string) => ({ params: { path: { card_id: cardId } } });
const runPath = (runId: string) => ({ params: { path: { run_id: runId } } });

/** The project's provider, its key masked (owners and admins); 404 `not_found` when none is set. */
export function getAiSettings(projectId: string): Promise<ApiResult<AiSettings>> {
	return toResult(api.GET('/api/projects/{project_id}/ai/settings', projectPath(projectId)));
}

/** `api_key` left out keeps the stored key; `""` removes it. */
export function putAiSettings(projectId: string, body: AiSettingsIn): Promise<ApiResult<AiSettings>> {
	return toResult(api.PUT('/api/projects/{project_id}/ai/settings', { ...projectPath(projectId), body }));
}

export function deleteAiSettings(projectId: string): Promise<ApiResult<unknown>> {
	return toResult(api.DELETE('/api/projects/{project_id}/ai/settings', projectPath(projectId)));
}

export function getProjectBudget(projectId: string): Promise<ApiResult<ProjectBudget>> {
	return toResult(api.GET('/api/projects/{project_id}/ai/budget', projectPath(projectId)));
}

export function putProjectBudget(projectId: string, body: ProjectBudgetIn): Promise<ApiResult<ProjectBudget>> {
	return toResult(api.PUT('/api/projects/{project_id}/ai/budget', { ...projectPath(projectId), body }));
}

export function getUsage(projectId: string): Promise<ApiResult<AiUsage>> {
	return toResult(api.GET('/api/projects/{project_id}/ai/usage', projectPath(projectId)));
}

export function getCardBudget(cardId: string): Promise<ApiResult<CardBudget>> {
	return toResult(api.GET('/api/cards/{card_id}/ai/budget', cardPath(cardId)));
}

/** A limit as typed ("2.50"), or null for none. */
export function putCardBudget(cardId: string, limitUsd: string | null): Promise<ApiResult<CardBudget>> {
	return toResult(api.PUT('/api/cards/{card_id}/ai/budget', { ...cardPath(cardId), body: { limit_usd: limitUsd } }));
}

/** Queues a run (202); follow it on its job's event stream. 409 `ai_not_configured`, 402 `budget_exceeded`. */
export function startRun(cardId: string, body: AiRunRequest): Promise<ApiResult<AiRunQueued>> {
	return toResult(api.POST('/api/cards/{card_id}/ai', { ...cardPath(cardId), body }));
}

/** The card's runs, newest first. */
export function listRuns(cardId: string): Promise<ApiResult<AiRun[]>> {
	return toResult(api.GET('/api/cards/{card_id}/ai/runs', cardPath(cardId)));
}

export function getRun(runId: string): Promise<ApiResult<AiRun>> {
	return toResult(api.GET('/api/ai/runs/{run_id}', runPath(runId)));
}

/** Applies the pending items numbered `items` (their `index`); the others are discarded. */
export function applyRun(runId: string, items: number[]): Promise<ApiResult<AiRun>> {
	return toResult(api.POST('/api/ai/runs/{run_id}/apply', { ...runPath(runId), body: { items } }));
}

export function discardRun(runId: string): Promise<ApiResult<AiRun>> {
	return toResult(api.POST('/api/ai/runs/{run_id}/discard', runPath(runId)));
}

/** The card as it is now (after a run changed it). */
export function getCard(cardId: string): Promise<ApiResult<Card>> {
	return toResult(api.GET('/api/cards/{card_id}', cardPath(cardId)));
}
