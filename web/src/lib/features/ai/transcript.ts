/**
 * A finished run's transcript (kept on the run) shown like its stream was: each entry read as
 * the event it was, through the same reducer, so a past run and a live one look alike.
 */
import type { AiRun } from '$lib/api/types';
import { initialLive, reduceLive, type LiveState } from './live-run';
import { partialOf } from './run-events';
import { jobEndOf } from './runs';

/** A run loaded from the server, as the panel shows a live one. */
export function liveOfRun(run: AiRun): LiveState {
	let state = initialLive('running');
	for (const { type, step, data } of run.transcript) {
		// A stored entry carries what its stream event carried, less `kind`; usage is in the totals.
		const event = type === 'usage' ? null : partialOf({ ...data, kind: type, step });
		if (event) state = reduceLive(state, { round: 0, event });
	}
	return {
		...state,
		status: run.status === 'queued' || run.status === 'running' ? run.status : jobEndOf(run.status),
		step: run.steps,
		inputTokens: run.input_tokens,
		outputTokens: run.output_tokens,
		costUsd: run.cost_usd,
		proposal: run.proposal,
		error: run.error
	};
}
