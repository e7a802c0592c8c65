// Yjs clients loading one document on a sync server, for bench/collab.py. Reads JSON on stdin:
//   {"server": "projectflow" | "y-websocket" | "hocuspocus", "url", "room", "tokens": [..]?,
//    "clients", "rate" (updates/s from all clients together), "seconds", "offline_ops",
//    "card_ids": [..]?, "column_id", "burst"}
// Every client types into its own card's description at rate / clients per second; each
// keystroke carries a token whose send time is kept, so the other clients measure how long it
// took to reach them. Then every client types `burst` keystrokes as fast as it can (the
// throughput). Then one client goes offline, makes `offline_ops` edits, comes back, and
// another measures how long until it has them all. Prints "phase <name>" lines as phases start
// (the caller samples CPU there) and a JSON line of figures at the end.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const say = (line) => process.stdout.write(line + '\n');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function connect(index) {
  const doc = new Y.Doc();
  if (input.server === 'hocuspocus') {
    const socket = new HocuspocusProviderWebsocket({ url: input.url, WebSocketPolyfill: WebSocket, quiet: true });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: input.room, document: doc });
    provider.attach(); // a socket of its own, as each y-websocket client has
    return {
      doc,
      synced: () => provider.isSynced,
      offline: () => socket.disconnect(),
      online: () => socket.connect(),
      close: () => (provider.destroy(), socket.destroy()),
    };
  }
  const params = input.tokens ? { token: input.tokens[index] } : {};
  const provider = new WebsocketProvider(input.url, input.room, doc, { WebSocketPolyfill: WebSocket, params, disableBc: true });
  return {
    doc,
    synced: () => provider.synced,
    offline: () => provider.disconnect(),
    online: () => provider.connect(),
    close: () => provider.destroy(),
  };
}

async function until(condition, what, ms = 60000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const clients = Array.from({ length: input.clients }, (_, index) => connect(index));
await until(() => clients.every((client) => client.synced()), 'every client to sync');

// Each client's card: made over REST beforehand on our server; made here on the others.
let cardIds = input.card_ids;
if (!cardIds) {
  cardIds = clients.map((_, index) => `card-${index}`);
  clients[0].doc.transact(() => {
    for (const [index, id] of cardIds.entries()) {
      const card = new Y.Map();
      card.set('title', `Card ${index}`);
      card.set('description', new Y.Text(''));
      card.set('column_id', input.column_id);
      card.set('position', `a${index}`);
      clients[0].doc.getMap('cards').set(id, card);
    }
  });
}
const text = (client, index) => client.doc.getMap('cards').get(cardIds[index])?.get('description');
await until(() => clients.every((client) => cardIds.every((_, index) => text(client, index))), 'every card everywhere');

// Latency: tokens "|<client>.<seq>|" typed by one client, seen by the others.
const sentAt = new Map();
const latencies = [];
let delivered = 0;
for (const [receiver, client] of clients.entries()) {
  client.doc.getMap('cards').observeDeep((events, transaction) => {
    if (transaction.local) return;
    const now = performance.now();
    for (const event of events) {
      for (const part of event.delta ?? []) {
        if (typeof part.insert !== 'string') continue;
        for (const match of part.insert.matchAll(/\|(\d+)\.(\d+)\|/g)) {
          const sent = sentAt.get(match[0]);
          if (sent === undefined || Number(match[1]) === receiver) continue;
          latencies.push(now - sent);
          delivered += 1;
        }
      }
    }
  });
}

say('phase steady');
const perClient = input.rate / input.clients;
const sequence = new Array(input.clients).fill(0);
const started = performance.now();
let sent = 0;
await new Promise((resolve) => {
  const tick = () => {
    const elapsed = (performance.now() - started) / 1000;
    if (elapsed >= input.seconds) return resolve();
    for (const [index, client] of clients.entries()) {
      while (sequence[index] < elapsed * perClient) {
        const token = `|${index}.${sequence[index]++}|`;
        const description = text(client, index);
        sentAt.set(token, performance.now());
        description.insert(description.length, token);
        sent += 1;
      }
    }
    setTimeout(tick, 1);
  };
  tick();
});
const expected = sent * (input.clients - 1);
await until(() => delivered >= expected, `${expected} deliveries (have ${delivered})`, 30000);
say('phase steady-end');

// Throughput: every client types `burst` keystrokes as fast as it can; until every other
// client has them all.
say('phase burst');
const burstStarted = performance.now();
const before = delivered;
for (let round = 0; round < input.burst; round++) {
  for (const [index, client] of clients.entries()) {
    const token = `|${index}.${sequence[index]++}|`;
    const description = text(client, index);
    sentAt.set(token, performance.now());
    description.insert(description.length, token);
  }
  if (round % 10 === 9) await sleep(0); // let the sockets write
}
const burstExpected = input.burst * input.clients * (input.clients - 1);
await until(() => delivered - before >= burstExpected, 'the burst to reach everyone', 120000);
const burstSeconds = (performance.now() - burstStarted) / 1000;
say('phase burst-end');

// Reconciliation: client 0 offline, `offline_ops` keystrokes, back online; client 1 waits for
// the last one.
const [away, watcher] = clients;
away.offline();
await sleep(200);
const description = text(away, 0);
for (let op = 0; op < input.offline_ops; op++) description.insert(description.length, op === input.offline_ops - 1 ? '|END|' : 'x');
const seen = () => text(watcher, 0).toString().endsWith('|END|');
const healed = performance.now();
away.online();
await until(seen, 'the offline edits to arrive');
const reconciliation = performance.now() - healed;

const steady = latencies.slice(0, expected);
steady.sort((a, b) => a - b);
const at = (fraction) => steady[Math.min(steady.length - 1, Math.round(fraction * (steady.length - 1)))];
say(
  JSON.stringify({
    sent,
    delivered,
    seconds: input.seconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: steady[steady.length - 1],
    burst_updates: input.burst * input.clients,
    burst_seconds: burstSeconds,
    reconciliation_ms: reconciliation,
  }),
);
for (const client of clients) client.close();
process.exit(0);
