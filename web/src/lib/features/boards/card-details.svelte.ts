import type { ApiResult } from '$lib/api/result';
import type { AuditEvent, Card, CardMove, CardUpdate, Comment } from '$lib/api/types';
import { cardApi, type CardApi } from './card-api';
import { newestFirst } from './history';

/** One card's comments and history for the drawer, plus its writes (the caller shows failures). */
export class CardDetails {
	comments = $state<Comment[]>([]);
	history = $state<AuditEvent[]>([]);
	loading = $state(true);
	readonly cardId: string;
	readonly #api: CardApi;

	constructor(cardId: string, api: CardApi = cardApi) {
		this.cardId = cardId;
		this.#api = api;
	}

	/** Both lists; hands back the first failure, if any. */
	async load(): Promise<ApiResult<unknown>> {
		const [comments, history] = await Promise.all([this.#api.listComments(this.cardId), this.refreshHistory()]);
		if (comments.ok) this.comments = comments.data;
		this.loading = false;
		return comments.ok ? history : comments;
	}

	async refreshHistory(): Promise<ApiResult<AuditEvent[]>> {
		const result = await this.#api.cardHistory(this.cardId);
		if (result.ok) this.history = newestFirst(result.data);
		return result;
	}

	async update(body: CardUpdate): Promise<ApiResult<Card>> {
		const result = await this.#api.updateCard(this.cardId, body);
		if (result.ok) await this.refreshHistory();
		return result;
	}

	async move(body: CardMove): Promise<ApiResult<Card>> {
		const result = await this.#api.moveCard(this.cardId, body);
		if (result.ok) await this.refreshHistory();
		return result;
	}

	async comment(body: string): Promise<ApiResult<Comment>> {
		const result = await this.#api.addComment(this.cardId, body);
		if (result.ok) {
			this.comments = [...this.comments, result.data];
			// The caller empties the comment box as the comment appears; the history follows.
			void this.refreshHistory();
		}
		return result;
	}

	/** A comment's new text (its author only); the list shows the server's copy. */
	async editComment(commentId: string, body: string): Promise<ApiResult<Comment>> {
		const result = await this.#api.editComment(commentId, body);
		if (result.ok) this.comments = this.comments.map((comment) => (comment.id === commentId ? result.data : comment));
		return result;
	}

	async deleteComment(commentId: string): Promise<ApiResult<unknown>> {
		const result = await this.#api.deleteComment(commentId);
		if (result.ok) {
			this.comments = this.comments.filter((comment) => comment.id !== commentId);
			await this.refreshHistory();
		}
		return result;
	}
}
