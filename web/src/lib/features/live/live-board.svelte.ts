/**
 * A board's live document in the browser: synced with the server over y-websocket
 * (`/api/collab/board:<id>`), kept in IndexedDB so edits made offline survive a reload and go
 * to the server once it is reachable again, and the presence of everyone else on the board.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { cardsMap } from './doc-view';

/** connecting: first contact; syncing: connected, exchanging what each side lacks; online: in
 * step with the server; offline: edits are kept here until the server is back. */
export type LiveStatus = 'connecting' | 'syncing' | 'online' | 'offline';

export type Caret = { cardId: string; position: unknown };
export type Peer = { clientId: number; userId: string; name: string; color: string; cardId: string | null; caret: Caret | null };

/** The fields of a card the view takes from the document (the rest come from the REST API). */
const SHOWN_FIELDS = new Set(['title', 'description', 'column_id', 'position', 'archived']);
const COLORS = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2', '#dc2626', '#4d7c0f'];

function colorFor(userId: string): string {
	let hash = 0;
	for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return COLORS[hash % COLORS.length];
}

function syncUrl(location: Pick<Location, 'protocol' | 'host'>): string {
	return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/collab`;
}

type Options = {
	token: string;
	user: { id: string; name: string };
	/** A change from elsewhere touched what the document does not show of these cards (labels,
	 * checklists…), or made them: the REST API has the rest. */
	onstale?: (cardIds: string[]) => void;
};

export class LiveBoard {
	status = $state<LiveStatus>('connecting');
	peers = $state<Peer[]>([]);
	/** Bumped (at most once a frame) whenever the document changes. */
	version = $state(0);
	/** The document has something to show: synced with the server, or kept from a visit. */
	ready = $state(false);
	readonly doc = new Y.Doc();
	readonly #provider: WebsocketProvider;
	readonly #stored: IndexeddbPersistence;
	#frame = 0;
	// The browser knows it lost the network long before a dead socket times out: edits then
	// stay here at once, and the provider tries again when the network is back.
	readonly #offline = () => {
		this.#provider.disconnect();
		this.status = 'offline';
	};
	readonly #online = () => this.#provider.connect();

	constructor(boardId: string, options: Options) {
		const { token, user, onstale } = options;
		this.#stored = new IndexeddbPersistence(`projectflow:${user.id}:board:${boardId}`, this.doc);
		void this.#stored.whenSynced.then(() => {
			if (cardsMap(this.doc).size > 0) this.ready = true;
		});
		this.#provider = new WebsocketProvider(syncUrl(location), `board:${boardId}`, this.doc, {
			params: { token },
			maxBackoffTime: 2000
		});
		this.#provider.on('status', ({ status }) => this.#status(status));
		this.#provider.on('sync', (synced: boolean) => {
			if (synced) this.ready = true;
			this.#status(this.#provider.wsconnected ? 'connected' : 'disconnected');
		});
		window.addEventListener('offline', this.#offline);
		window.addEventListener('online', this.#online);
		if (!navigator.onLine) this.#offline();
		this.#provider.awareness.setLocalStateField('user', { name: user.name, color: colorFor(user.id) });
		this.#provider.awareness.on('change', () => this.#readPeers());
		this.doc.on('update', () => this.#changed());
		cardsMap(this.doc).observeDeep((events, transaction) => {
			if (transaction.origin !== this.#provider || !onstale) return;
			const stale = events.flatMap(staleCards);
			if (stale.length > 0) onstale(stale);
		});
	}

	/** The card this person has open (others see it), or null. */
	showCard(cardId: string | null): void {
		this.#provider.awareness.setLocalStateField('card', cardId);
	}

	/** Where this person's caret is in a card's description (others see it), or null. */
	showCaret(cardId: string | null, text: Y.Text | null, index: number): void {
		const position = text ? Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index)) : null;
		this.#provider.awareness.setLocalStateField('caret', cardId && position ? { cardId, position } : null);
	}

	/** Where a peer's caret is now in `text`, or null. */
	caretIndex(peer: Peer, cardId: string): number | null {
		if (peer.caret?.cardId !== cardId) return null;
		const absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(peer.caret.position), this.doc);
		return absolute?.index ?? null;
	}

	destroy(): void {
		window.removeEventListener('offline', this.#offline);
		window.removeEventListener('online', this.#online);
		cancelAnimationFrame(this.#frame);
		this.#provider.destroy();
		void this.#stored.destroy();
		this.doc.destroy();
	}

	/** The provider's status ('connected', 'connecting', 'disconnected') as the board shows it:
	 * a first attempt is "connecting", any later one "offline" until it connects. */
	#status(status: string): void {
		if (status === 'connected') this.status = this.#provider.synced ? 'online' : 'syncing';
		else if (status === 'disconnected' || this.status !== 'connecting') this.status = 'offline';
	}

	#changed(): void {
		if (this.#frame) return;
		this.#frame = requestAnimationFrame(() => {
			this.#frame = 0;
			this.version += 1;
		});
	}

	#readPeers(): void {
		const own = this.doc.clientID;
		const peers: Peer[] = [];
		for (const [clientId, state] of this.#provider.awareness.getStates()) {
			const user = state.user as { id?: unknown; name?: unknown; color?: unknown } | undefined;
			if (clientId === own || typeof user?.id !== 'string') continue;
			peers.push({
				clientId,
				userId: user.id,
				name: typeof user.name === 'string' ? user.name : 'Someone',
				color: typeof user.color === 'string' ? user.color : colorFor(user.id),
				cardId: typeof state.card === 'string' ? state.card : null,
				caret: (state.caret as Caret | null | undefined) ?? null
			});
		}
		this.peers = peers;
	}
}

/** The cards a change from elsewhere touched in what only the REST view shows (or made). */
function staleCards(event: Y.YEvent<Y.AbstractType<unknown>>): string[] {
	const [cardId, field] = event.path;
	if (event.path.length === 0) {
		return [...event.changes.keys.entries()].filter(([, change]) => change.action === 'add').map(([id]) => id);
	}
	if (typeof cardId !== 'string') return [];
	if (event.path.length === 1) return [...event.changes.keys.keys()].some((key) => !SHOWN_FIELDS.has(key)) ? [cardId] : [];
	return typeof field === 'string' && !SHOWN_FIELDS.has(field) ? [cardId] : [];
}
