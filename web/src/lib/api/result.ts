/**
 * One result shape for every API call, so features never parse error bodies themselves.
 * The backend renders every failure as {"error": {"code", "message", "details"}}.
 */
export type ApiFailure = { ok: false; status: number; code: string; message: string; details?: unknown };
export type ApiResult<T> = { ok: true; data: T } | ApiFailure;

type FetchOutcome<T> = { data?: T; error?: unknown; response: Response };

const NETWORK_FAILURE: ApiFailure = {
	ok: false,
	status: 0,
	code: 'network_error',
	message: 'Could not reach the server. Check your connection and try again.'
};

export function errorFromBody(status: number, body: unknown): ApiFailure {
	const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
	const message = typeof error?.message === 'string' ? error.message : `Request failed (${status}).`;
	const code = typeof error?.code === 'string' ? error.code : 'http_error';
	const failure: ApiFailure = { ok: false, status, code, message };
	// Some refusals say more (a WIP limit's count); callers that know the code read it.
	if (error?.details != null) failure.details = error.details;
	return failure;
}

/** Turn an openapi-fetch outcome (or a thrown network error) into an ApiResult. */
export async function toResult<T>(request: Promise<FetchOutcome<T>>): Promise<ApiResult<T>> {
	let outcome: FetchOutcome<T>;
	try {
		outcome = await request;
	} catch {
		return NETWORK_FAILURE;
	}
	if (outcome.response.ok) return { ok: true, data: outcome.data as T };
	return errorFromBody(outcome.response.status, outcome.error);
}
