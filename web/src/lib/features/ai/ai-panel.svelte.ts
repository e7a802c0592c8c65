import type { ApiFailure, ApiResult } from '$lib/api/result';
import type { AiAction, AiRun, Card, CardBudget } from '$lib/api/types';
import { cancelJob, openJobEvents } from '$lib/features/jobs/api';
import { statusOf, type LoadStatus } from '$lib/ui/load-status';
import {
	applyRun,
	discardRun,
	getCard,
	getCardBudget,
	getRun,
	listRuns,
	putCardBudget,
	startRun
} from './api';
import { RunFollower, type FollowApi, type FollowOptions } from './run-follower.svelte';
import { isRunActive, needsAttention } from './runs';

/** What the AI panel asks of the server (tests hand in their own). */
export type AiPanelApi = FollowApi & {
	listRuns: typeof listRuns;
	startRun: typeof startRun;
	applyRun: typeof applyRun;
	discardRun: typeof discardRun;
	cancelJob: (jobId: string) => Promise<ApiResult<unknown>>;
	getCardBudget: typeof getCardBudget;
	putCardBudget: typeof putCardBudget;
	getCard: typeof getCard;
};

const serverApi: AiPanelApi = {
	openJobEvents,
	getRun,
	listRuns,
	startRun,
	applyRun,
	discardRun,
	cancelJob,
	getCardBudget,
	putCardBudget,
	getCard
};

/** Told when applied changes landed: the card as it is now, and whether other cards changed too. */
export type PanelHooks = {
	onchanged: (card: Card) => void;
	onboardchanged?: () => void;
	/** A decision or a stop the server refused (its message). */
	onerror: (message: string) => void;
};

const BOARD_KINDS: ReadonlySet<string> = new Set(['create_subtask', 'create_card', 'move_card']);

/**
 * One card's AI runs: starting one (refusals kept in `problem`: no provider, over budget), the
 * run at the top followed live on its job's stream, its proposal applied or discarded, the
 * earlier runs, and the card's own AI budget.
 */
export class AiPanelState {
	runs = $state<AiRun[]>([]);
	status = $state<LoadStatus>('loading');
	message = $state('');
	/** The run at the top of the panel: going on, just ended, or waiting for a decision. */
	currentId = $state<string | null>(null);
	follower = $state<RunFollower | null>(null);
	/** The action being started (shown until its run is read back). */
	startingAction = $state<AiAction | null>(null);
	/** Why the last start was refused (ai_not_configured, budget_exceeded, …). */
	problem = $state<ApiFailure | null>(null);
	deciding = $state(false);
	stopping = $state(false);
	budget = $state<CardBudget | null>(null);
	readonly cardId: string;
	readonly #api: AiPanelApi;
	readonly #hooks: PanelHooks;
	readonly #options: FollowOptions;
	#disposed = false;

	constructor(cardId: string, hooks: PanelHooks, api: AiPanelApi = serverApi, options: FollowOptions = {}) {
		this.cardId = cardId;
		this.#hooks = hooks;
		this.#api = api;
		this.#options = options;
	}

	get current(): AiRun | null {
		return this.runs.find((run) => run.id === this.currentId) ?? null;
	}

	/** The runs below the one at the top, newest first. */
	get earlier(): AiRun[] {
		return this.runs.filter((run) => run.id !== this.currentId);
	}

	/** A run is starting or going on: one at a time from this panel. */
	get busy(): boolean {
		return this.startingAction !== null || (this.follower !== null && !this.#followerEnded());
	}

	async load(): Promise<void> {
		const [runs, budget] = await Promise.all([this.#api.listRuns(this.cardId), this.#api.getCardBudget(this.cardId)]);
		if (!runs.ok) {
			this.status = statusOf(runs);
			this.message = runs.message;
			return;
		}
		this.runs = runs.data;
		if (budget.ok) this.budget = budget.data;
		this.status = 'ready';
		const top = runs.data[0];
		if (top && needsAttention(top)) {
			this.currentId = top.id;
			if (isRunActive(top.status)) void this.#follow(top);
		}
	}

	/** Starts a run and follows it; false (and `problem` set) when the server refused. */
	async start(action: AiAction, instructions: string, autoApply: boolean): Promise<boolean> {
		if (this.busy) return false;
		this.startingAction = action;
		this.problem = null;
		const queued = await this.#api.startRun(this.cardId, { action, instructions, auto_apply: autoApply });
		if (!queued.ok) {
			this.startingAction = null;
			this.problem = queued;
			return false;
		}
		const { run_id: id, job_id } = queued.data;
		this.follower?.stop();
		this.currentId = id;
		void this.#refresh(id).then(() => (this.startingAction = null));
		void this.#follow({ id, job_id, status: 'queued' });
		return true;
	}

	/** Asks the run's job to stop; the stream then ends it as cancelled. */
	async stop(): Promise<void> {
		const jobId = this.follower?.jobId ?? this.current?.job_id;
		if (!jobId || this.stopping) return;
		this.stopping = true;
		const result = await this.#api.cancelJob(jobId);
		this.stopping = false;
		if (!result.ok && result.status !== 409) this.#hooks.onerror(result.message);
	}

	/** Applies the chosen items of the current run's proposal (the rest are discarded). */
	apply(items: number[]): Promise<boolean> {
		return this.#decide((runId) => this.#api.applyRun(runId, items));
	}

	discard(): Promise<boolean> {
		return this.#decide((runId) => this.#api.discardRun(runId));
	}

	/** The card's limit in dollars ("2.50"), or null for none (owners and admins). */
	async saveBudget(limitUsd: string | null): Promise<ApiResult<CardBudget>> {
		const result = await this.#api.putCardBudget(this.cardId, limitUsd);
		if (result.ok) this.budget = result.data;
		return result;
	}

	/** The panel went away: stop following (the run goes on). */
	dispose(): void {
		this.#disposed = true;
		this.follower?.stop();
	}

	async #decide(call: (runId: string) => Promise<ApiResult<AiRun>>): Promise<boolean> {
		const run = this.current;
		if (!run || this.deciding) return false;
		this.deciding = true;
		const result = await call(run.id);
		this.deciding = false;
		if (!result.ok) {
			this.#hooks.onerror(result.message);
			// Decided elsewhere meanwhile (another tab, the auto-apply): show it as it is now.
			if (result.status === 409) await this.#refresh(run.id);
			return false;
		}
		this.#put(result.data);
		await this.#afterApplied(result.data);
		return true;
	}

	async #follow(run: Pick<AiRun, 'id' | 'job_id' | 'status'>): Promise<void> {
		const follower = new RunFollower(run, this.#api, this.#options);
		this.follower = follower;
		await follower.follow();
		if (this.#disposed || this.follower !== follower) return;
		// The stream told how the job ended; the run itself has the proposal and the totals.
		const ended = await this.#refresh(run.id);
		if (ended?.status === 'applied') await this.#afterApplied(ended);
	}

	#followerEnded(): boolean {
		const status = this.follower?.live.status;
		return status === 'succeeded' || status === 'failed' || status === 'cancelled' || this.follower?.lost !== '';
	}

	async #refresh(runId: string): Promise<AiRun | null> {
		const result = await this.#api.getRun(runId);
		if (!result.ok || this.#disposed) return null;
		this.#put(result.data);
		return result.data;
	}

	/** Replaces the run in the list, or puts a new one on top. */
	#put(run: AiRun): void {
		const listed = this.runs.some((item) => item.id === run.id);
		this.runs = listed ? this.runs.map((item) => (item.id === run.id ? run : item)) : [run, ...this.runs];
	}

	/** Applied items changed the card (and maybe others): read it again and say so. */
	async #afterApplied(run: AiRun): Promise<void> {
		const applied = run.proposal.filter((item) => item.status === 'applied');
		if (applied.length === 0) return;
		const card = await this.#api.getCard(this.cardId);
		if (this.#disposed) return;
		if (card.ok) this.#hooks.onchanged(card.data);
		const others = applied.some((item) => BOARD_KINDS.has(item.kind) || (item.args.card_id ?? this.cardId) !== this.cardId);
		if (others) this.#hooks.onboardchanged?.();
	}
}
