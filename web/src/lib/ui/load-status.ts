import type { ApiFailure } from '$lib/api/result';

export type LoadStatus = 'loading' | 'ready' | 'forbidden' | 'error';

/** 403 and 404 look the same to a person: the thing is not theirs to see. */
export function statusOf(failure: ApiFailure): LoadStatus {
	return failure.status === 403 || failure.status === 404 ? 'forbidden' : 'error';
}
