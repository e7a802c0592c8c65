// Real Yjs clients (npm yjs + the y-websocket provider) on the live sync endpoint, driven by the
// tests: one JSON command per stdin line, one JSON answer per stdout line, in order.
//
//   {"op": "open", "name", "url", "room", "token"}   connect a client; answers once it synced
//   {"op": "offline" | "online", "name"}            drop or restore its connection (edits go on)
//   {"op": "drop", "name"}                           cut its socket abruptly (it reconnects)
//   {"op": "switch", "name", "url"}                  reconnect it to another server
//   {"op": "produced", "name"}                       every update it made itself, merged
//   {"op": "add_card", "name", "id", "title", "column_id", "position", "description"}
//   {"op": "move", "name", "id", "column_id", "position"}
//   {"op": "insert", "name", "id", "index", "text"}  into a card's description (UTF-16 index)
//   {"op": "delete", "name", "id", "index", "length"}
//   {"op": "random", "name", "seed", "count", "column_ids", "create"?}   seeded random edits
//                                                   ("create": the share that adds cards)
//   {"op": "presence", "name", "card", "user"?}      share presence: the card it has open
//   {"op": "peers", "name"}                          the awareness states it sees
//   {"op": "read", "name"}                           its cards, state vector and whole state
//   {"op": "close", "name"}
// Answers: {"ok": true, ...} or {"ok": false, "error": "..."}; "events" lists what happened to
// a client since the last answer (closed with a code, permission denied).
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as readline from 'node:readline';

const clients = new Map();

// y-websocket reports a refusal ("permission denied") only with console.warn, naming the
// provider's URL: it becomes an event of the client with that URL.
console.warn = (message, ...rest) => {
	const text = [message, ...rest].join(' ');
	for (const client of clients.values()) {
		if (text.startsWith(`Permission denied to access ${client.provider.url}.`)) {
			client.events.push({ denied: text.split('\n').slice(1).join('\n') });
			return;
		}
	}
	process.stderr.write(text + '\n');
};

function open({ name, url, room, token }) {
	const doc = new Y.Doc();
	const client = { doc, room, token, events: [], produced: [], editing: false };
	// What this client made itself (not what it received): nothing of it may be lost.
	doc.on('update', (update) => {
		if (client.editing) client.produced.push(update);
	});
	client.provider = connectTo(client, url);
	clients.set(name, client);
	return synced(client);
}

function connectTo(client, url) {
	const provider = new WebsocketProvider(url, client.room, client.doc, {
		WebSocketPolyfill: WebSocket,
		params: client.token ? { token: client.token } : {},
		disableBc: true, // every change must go through the server
		maxBackoffTime: 200
	});
	provider.on('connection-close', (event) => {
		if (event) client.events.push({ closed: event.code, reason: event.reason });
	});
	provider.on('connection-error', () => client.events.push({ error: 'connection' }));
	return provider;
}

// Local edits, recorded as the client's own.
function edit(client, change) {
	client.editing = true;
	try {
		return change();
	} finally {
		client.editing = false;
	}
}

function synced({ provider }, timeoutMs = 10000) {
	return new Promise((resolve, reject) => {
		if (provider.synced) return resolve({});
		const timer = setTimeout(() => reject(new Error('not synced in time')), timeoutMs);
		const onSync = (state) => {
			if (!state) return;
			clearTimeout(timer);
			provider.off('sync', onSync);
			resolve({});
		};
		provider.on('sync', onSync);
	});
}

function card(client, id) {
	const found = client.doc.getMap('cards').get(id);
	if (!found) throw new Error(`no card ${id}`);
	return found;
}

function addCard(client, { id, title, column_id, position, description }) {
	client.doc.transact(() => {
		const entry = new Y.Map();
		entry.set('title', title);
		entry.set('description', new Y.Text(description ?? ''));
		entry.set('column_id', column_id);
		entry.set('position', position);
		entry.set('labels', new Y.Map());
		entry.set('assignees', new Y.Map());
		entry.set('archived', false);
		client.doc.getMap('cards').set(id, entry);
	});
}

// xorshift32: the same seed gives the same edits.
function random(seed) {
	let x = seed >>> 0 || 1;
	return () => {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		return (x >>> 0) / 4294967296;
	};
}

function seededUuid(next) {
	const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

const WORDS = ['plan', 'ship', 'fix', 'écrire', '😀', '日本語', 'review', '🚀🚀', 'x'];

// An index moved off the middle of a surrogate pair: editors insert and delete whole
// characters (UTF-16 indexes, as Yjs counts, but never half an emoji).
function boundary(value, index) {
	const code = value.charCodeAt(index);
	return code >= 0xdc00 && code <= 0xdfff ? index + 1 : index;
}

function randomEdits(client, { name, seed, count, column_ids, create = 0.15 }) {
	const next = random(seed);
	const pick = (items) => items[Math.floor(next() * items.length)];
	const cards = client.doc.getMap('cards');
	for (let i = 0; i < count; i++) {
		const ids = [...cards.keys()].filter((id) => !cards.get(id).get('archived'));
		const roll = next();
		if (roll < create || ids.length === 0) {
			const id = seededUuid(next);
			addCard(client, {
				id,
				title: `${name} ${seed}-${i} ${pick(WORDS)}`,
				column_id: pick(column_ids),
				position: `n${Math.floor(next() * 1e9).toString(36)}`,
				description: pick(WORDS)
			});
		} else if (roll < create + 0.2) {
			const entry = cards.get(pick(ids));
			entry.set('column_id', pick(column_ids));
			entry.set('position', `m${Math.floor(next() * 1e9).toString(36)}`);
		} else if (roll < create + 0.3) {
			cards.get(pick(ids)).set('title', `${name} renamed ${pick(WORDS)} ${i}`);
		} else if (roll < create + 0.7) {
			const text = cards.get(pick(ids)).get('description');
			text.insert(boundary(text.toString(), Math.floor(next() * (text.length + 1))), pick(WORDS));
		} else {
			const text = cards.get(pick(ids)).get('description');
			const value = text.toString();
			if (value.length > 0) {
				const at = boundary(value, Math.floor(next() * value.length));
				const end = boundary(value, Math.min(value.length, at + 1 + Math.floor(next() * 3)));
				if (end > at) text.delete(at, end - at);
			}
		}
	}
	return { count };
}

function read(client) {
	const cards = {};
	for (const [id, entry] of client.doc.getMap('cards').entries()) {
		cards[id] = {
			title: entry.get('title'),
			description: entry.get('description')?.toString() ?? '',
			column_id: entry.get('column_id'),
			position: entry.get('position'),
			archived: entry.get('archived') ?? false
		};
	}
	return {
		cards,
		state_vector: Buffer.from(Y.encodeStateVector(client.doc)).toString('base64'),
		state: Buffer.from(Y.encodeStateAsUpdate(client.doc)).toString('base64')
	};
}

const handlers = {
	open,
	offline: (client) => {
		client.provider.disconnect();
		return {};
	},
	online: (client) => {
		client.provider.connect();
		return synced(client);
	},
	drop: (client) => {
		client.provider.ws?.terminate();
		return {};
	},
	switch: (client, { url }) => {
		client.provider.destroy();
		client.provider = connectTo(client, url);
		return synced(client, 30000);
	},
	produced: (client) => ({
		update: Buffer.from(Y.mergeUpdates(client.produced)).toString('base64'),
		count: client.produced.length
	}),
	add_card: (client, command) => {
		edit(client, () => addCard(client, command));
		return {};
	},
	move: (client, { id, column_id, position }) => {
		edit(client, () =>
			client.doc.transact(() => {
				card(client, id).set('column_id', column_id);
				card(client, id).set('position', position);
			})
		);
		return {};
	},
	insert: (client, { id, index, text }) => {
		edit(client, () => card(client, id).get('description').insert(index, text));
		return {};
	},
	delete: (client, { id, index, length }) => {
		edit(client, () => card(client, id).get('description').delete(index, length));
		return {};
	},
	random: (client, command) => edit(client, () => randomEdits(client, command)),
	presence: (client, { card: cardId, user }) => {
		const awareness = client.provider.awareness;
		awareness.setLocalState({ ...awareness.getLocalState(), card: cardId, ...(user ? { user } : {}) });
		return {};
	},
	peers: (client) => ({
		peers: [...client.provider.awareness.getStates().entries()]
			.filter(([id]) => id !== client.doc.clientID)
			.map(([, state]) => state)
	}),
	read,
	close: (client, { name }) => {
		client.provider.destroy();
		client.doc.destroy();
		clients.delete(name);
		return {};
	}
};

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
	const command = JSON.parse(line);
	let answer;
	try {
		const client = command.op === 'open' ? null : clients.get(command.name);
		if (command.op !== 'open' && !client) throw new Error(`no client ${command.name}`);
		answer = { ok: true, ...(await handlers[command.op](client ?? command, command)) };
		if (client) answer.events = client.events.splice(0);
	} catch (error) {
		answer = { ok: false, error: String(error?.message ?? error) };
	}
	process.stdout.write(JSON.stringify(answer) + '\n');
}
for (const client of clients.values()) client.provider.destroy();
process.exit(0);
