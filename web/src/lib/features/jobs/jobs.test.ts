import { describe, expect, it } from 'vitest';
import { jobEventOf, isFinalEvent } from './job-events';
import { canManageJob, isActive, isFinished, kindLabel, percentOf } from './jobs';

describe('kindLabel', () => {
	it('names the board jobs in plain words', () => {
		expect(kindLabel('board.import')).toBe('Board import');
		expect(kindLabel('board.export')).toBe('Board export');
	});

	it('spells out kinds it does not know', () => {
		expect(kindLabel('search.reindex_all')).toBe('Search reindex all');
		expect(kindLabel('')).toBe('Job');
	});
});

describe('percentOf', () => {
	it('rounds to whole percents within 0 to 100', () => {
		expect([0, 0.054, 0.5, 0.999, 1].map(percentOf)).toEqual([0, 5, 50, 100, 100]);
		expect([-1, 2, Number.NaN].map(percentOf)).toEqual([0, 100, 0]);
	});
});

describe('job states', () => {
	it('tells active jobs from finished ones', () => {
		expect(['queued', 'running'].map((s) => isActive(s as 'queued'))).toEqual([true, true]);
		expect(['succeeded', 'failed', 'cancelled'].every(isFinished)).toBe(true);
		expect(isFinished('running')).toBe(false);
	});
});

describe('canManageJob', () => {
	const job = { created_by: 'u-creator' };

	it('lets the creator manage their job whatever their role', () => {
		expect(canManageJob(job, 'u-creator', 'member')).toBe(true);
	});

	it("lets owners and admins manage anyone's job, and no one else", () => {
		expect(canManageJob(job, 'u-other', 'owner')).toBe(true);
		expect(canManageJob(job, 'u-other', 'admin')).toBe(true);
		expect(canManageJob(job, 'u-other', 'member')).toBe(false);
		expect(canManageJob(job, undefined, null)).toBe(false);
	});
});

describe('jobEventOf', () => {
	const data = { type: 'progress', job_id: 'j', status: 'running', progress: 0.2, message: 'Reading', at: 'now' };

	it('reads the JSON of a job event', () => {
		expect(jobEventOf({ id: '1', event: 'progress', data: JSON.stringify(data) })).toEqual(data);
	});

	it('ignores what is not a job event', () => {
		expect(jobEventOf({ id: '1', event: 'message', data: 'not json' })).toBeNull();
		expect(jobEventOf({ id: '1', event: 'progress', data: '{"status":"bogus","progress":0,"message":""}' })).toBeNull();
		expect(jobEventOf({ id: '1', event: 'progress', data: '[1]' })).toBeNull();
	});

	it('ends the stream on succeeded, failed and cancelled', () => {
		expect(['succeeded', 'failed', 'cancelled', 'progress', 'log'].map((event) => isFinalEvent({ id: '', event, data: '' }))).toEqual([
			true,
			true,
			true,
			false,
			false
		]);
	});
});
