import { api } from '$lib/api/client';
import { toResult, type ApiResult } from '$lib/api/result';
import type { components } from '$lib/api/schema';
import type { SessionOut } from '$lib/api/types';

export type LoginInput = components['schemas']['LoginIn'];
export type SignupInput = components['schemas']['SignupIn'];

export function logIn(body: LoginInput): Promise<ApiResult<SessionOut>> {
	return toResult(api.POST('/api/auth/login', { body }));
}

export function signUp(body: SignupInput): Promise<ApiResult<SessionOut>> {
	return toResult(api.POST('/api/auth/signup', { body }));
}

export function logOut(): Promise<ApiResult<unknown>> {
	return toResult(api.POST('/api/auth/logout'));
}
