// Runs and run events as the server sends them, for this feature's tests.
import type { AiRun, ProposalItem } from '$lib/api/types';
import { ME } from '$lib/features/jobs/test-jobs';

export const CARD = '00000000-0000-0000-0000-0000000000c1';

/** A run of CARD by ME; `fields` override any field. */
export function aRun(id: string, fields: Partial<AiRun> = {}): AiRun {
	return {
		id,
		job_id: `job-${id}`,
		card_id: CARD,
		action: 'draft',
		instructions: '',
		auto_apply: false,
		provider: 'openai',
		model: 'test-model',
		status: 'queued',
		steps: 0,
		input_tokens: 0,
		output_tokens: 0,
		cost_usd: '0',
		answer: '',
		proposal: [],
		transcript: [],
		error: null,
		created_by: ME,
		created_at: '2026-03-04T10:00:00Z',
		finished_at: null,
		decided_by: null,
		decided_at: null,
		...fields
	};
}

export function anItem(index: number, fields: Partial<ProposalItem> = {}): ProposalItem {
	return { index, kind: 'create_subtask', summary: `Subtask ${index}`, args: { title: `Subtask ${index}` }, status: 'pending', result: null, ...fields };
}

/** A run's `partial` job event on the wire. */
export function partial(id: number, data: Record<string, unknown>, round = 0): string {
	const body = { type: 'partial', job_id: 'j', status: 'running', progress: 0.2, message: 'Step 1', round, at: '2026-03-04T10:00:01Z', data };
	return `id: ${id}\nevent: partial\ndata: ${JSON.stringify(body)}\n\n`;
}

/** The job's final event on the wire. */
export function ended(id: number, status: 'succeeded' | 'failed' | 'cancelled', fields: Record<string, unknown> = {}, round = 0): string {
	const body = { type: status, job_id: 'j', status, progress: 1, message: '', round, at: '2026-03-04T10:00:09Z', result: null, error: null, ...fields };
	return `id: ${id}\nevent: ${status}\ndata: ${JSON.stringify(body)}\n\n`;
}
