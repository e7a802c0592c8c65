// A real Yjs client for the interop tests. Reads JSON on stdin:
//   {"state": <base64 Yjs update of a board>, "add": {"id", "title", "column_id", "position"}?}
// Writes JSON on stdout: the cards it sees after loading the state, and (with "add") the
// update that adds one card, as base64.
import * as Y from 'yjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const doc = new Y.Doc();
Y.applyUpdate(doc, Buffer.from(input.state, 'base64'));
const cards = doc.getMap('cards');
const seen = [...cards.entries()]
  .map(([id, card]) => ({
    id,
    title: card.get('title'),
    description: card.get('description')?.toString() ?? '',
    column_id: card.get('column_id'),
  }))
  .sort((a, b) => a.id.localeCompare(b.id));

let update = null;
if (input.add) {
  const before = Y.encodeStateVector(doc);
  doc.transact(() => {
    const card = new Y.Map();
    card.set('title', input.add.title);
    card.set('description', new Y.Text('typed in a browser'));
    card.set('column_id', input.add.column_id);
    card.set('position', input.add.position);
    const labels = new Y.Map();
    labels.set('interop', true);
    card.set('labels', labels);
    card.set('archived', false);
    cards.set(input.add.id, card);
  });
  update = Buffer.from(Y.encodeStateAsUpdate(doc, before)).toString('base64');
}
process.stdout.write(JSON.stringify({ cards: seen, update }));
