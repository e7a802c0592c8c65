// Updates written by the npm `yjs` package (the reference implementation), for the structural
// check of src/projectflow/collab/update_check.py. Writes JSON on stdout: {name: base64 update}.
// yjs is installed by tests/interop (make install), so it is resolved from there.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../interop/package.json', import.meta.url));
const Y = require('yjs');

const updates = {};
const encode = (doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');

function made(name, build) {
  const doc = new Y.Doc();
  doc.clientID = 1000 + Object.keys(updates).length;
  build(doc);
  updates[name] = encode(doc);
  return doc;
}

made('maps', (doc) => {
  const cards = doc.getMap('cards');
  const card = new Y.Map();
  card.set('title', 'Write the press release');
  card.set('position', 'a0');
  const labels = new Y.Map();
  labels.set('urgent', true);
  card.set('labels', labels);
  card.set('description', new Y.Text('typed in a browser'));
  card.set('checklist', Y.Array.from(['one', 'two']));
  card.set('notes', new Y.XmlFragment());
  cards.set('card-1', card);
  cards.set('card-2', new Y.Map([['title', 'nested'], ['deep', new Y.Map([['x', 1]])]]));
  cards.delete('card-2'); // a deleted type: its content is garbage-collected
});

made('every-any', (doc) => {
  const array = doc.getArray('values');
  array.push([
    null, true, false, 0, -1, 63, -64, 2 ** 31, -(2 ** 40), 2 ** 53 - 1, 0.5, 1.1,
    Number.NaN, Infinity, -0, { big: 1234567890123456789n }, '', 'text é 😀',
    new Uint8Array([0, 1, 255]), [], [1, [2, [3, { deep: [null] }]]], {},
    { a: 1, b: 'two', c: [true, undefined], d: { e: new Uint8Array(0), u: undefined } },
  ]);
  array.delete(3, 2);
});

made('text', (doc) => {
  const text = doc.getText('text');
  text.insert(0, 'Hello wörld 😀, formatted');
  text.format(0, 5, { bold: true, color: '#f00' });
  text.insertEmbed(6, { image: 'https://example.com/a.png', size: [10, 20] });
  text.format(2, 3, { bold: null });
  text.delete(8, 3);
  text.insert(3, 'ä', { italic: true });
});

made('xml', (doc) => {
  const fragment = doc.getXmlFragment('prosemirror');
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.setAttribute('class', 'lead');
  const text = new Y.XmlText('some text');
  text.format(0, 4, { strong: {} });
  paragraph.insert(0, [text]);
  fragment.insert(0, [paragraph, new Y.XmlElement('hr'), new Y.XmlText('tail')]);
  fragment.delete(1, 1);
});

const parent = made('subdocs', (doc) => {
  const sub = new Y.Doc({ guid: 'sub-guid', autoLoad: true });
  doc.getMap('docs').set('sub', sub);
  doc.getArray('more').insert(0, [new Y.Doc({ guid: 'second', meta: { owner: 'ana' } })]);
});
parent.destroy();

made('binary-and-many-edits', (doc) => {
  const map = doc.getMap('m');
  map.set('blob', new Uint8Array(1000).fill(7));
  const text = doc.getText('typing');
  for (let i = 0; i < 200; i++) text.insert(i % 7, String.fromCharCode(97 + (i % 26)));
  for (let i = 0; i < 50; i++) text.delete(i % 5, 1);
  for (let i = 0; i < 100; i++) map.set(`k${i % 10}`, i);
});

// One client's first and third edits merged without the second: the gap becomes a Skip struct.
{
  const doc = new Y.Doc();
  doc.clientID = 2001;
  const list = doc.getArray('list');
  list.insert(0, ['first']);
  const first = Y.encodeStateAsUpdate(doc);
  list.insert(1, ['second']);
  const afterSecond = Y.encodeStateVector(doc);
  list.insert(2, ['third']);
  const third = Y.encodeStateAsUpdate(doc, afterSecond);
  updates['merged-with-gap'] = Buffer.from(Y.mergeUpdates([first, third])).toString('base64');
}

made('empty', () => {});

made('xml-hook', (doc) => {
  doc.getXmlFragment('x').insert(0, [new Y.XmlHook('hook-name')]);
});

process.stdout.write(JSON.stringify(updates));
