// A board's edit history as real editors make it, one Yjs update per keystroke or action (as a
// y-websocket client sends them), for the compaction tests and benchmark. Reads JSON on stdin:
//   {"seed", "state": <base64 of the board as the server has it>, "cards", "operations",
//    "editors", "column_ids"}
// and writes JSON: {"updates": [<base64>...], "operations": n}. The editors share each
// update at once (they are online together); each types in runs at a cursor, with backspaces,
// moves cards between columns and renames them.
import * as Y from 'yjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

let x = input.seed >>> 0 || 1;
const next = () => {
	x ^= x << 13;
	x ^= x >>> 17;
	x ^= x << 5;
	return (x >>> 0) / 4294967296;
};
const pick = (items) => items[Math.floor(next() * items.length)];
const uuid = () => {
	const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
};

const editors = Array.from({ length: input.editors }, () => new Y.Doc());
const updates = [];
for (const [index, editor] of editors.entries()) {
	Y.applyUpdate(editor, Buffer.from(input.state, 'base64'), 'server');
	editor.on('update', (update, origin) => {
		if (origin === 'server') return;
		updates.push(Buffer.from(update).toString('base64'));
		editors.forEach((other, at) => at !== index && Y.applyUpdate(other, update, 'server'));
	});
}

const TEXT = 'Ship the release notes, check the 😀 migration and review 日本語 copy. ';
let operations = 0;
const ids = [];
for (let i = 0; i < input.cards; i++, operations++) {
	const id = uuid();
	ids.push(id);
	const editor = pick(editors);
	editor.transact(() => {
		const card = new Y.Map();
		card.set('title', `Card ${i}`);
		card.set('description', new Y.Text(''));
		card.set('column_id', pick(input.column_ids));
		card.set('position', `a${i.toString(36).padStart(4, '0')}`);
		card.set('labels', new Y.Map());
		card.set('assignees', new Y.Map());
		card.set('archived', false);
		editor.getMap('cards').set(id, card);
	});
}

while (operations < input.operations) {
	const editor = pick(editors);
	const card = editor.getMap('cards').get(pick(ids));
	const roll = next();
	if (roll < 0.75) {
		// A run of typing at a cursor: one update per keystroke, now and then a backspace.
		const text = card.get('description');
		let cursor = Math.floor(next() * (text.length + 1));
		const code = text.toString().charCodeAt(cursor);
		if (code >= 0xdc00 && code <= 0xdfff) cursor += 1; // never inside a character
		const run = [...TEXT.slice(Math.floor(next() * 40))].slice(0, 5 + Math.floor(next() * 30));
		for (const char of run) {
			if (next() < 0.1 && cursor > 0) {
				const before = text.toString();
				const width = before.codePointAt(cursor - 2) > 0xffff ? 2 : 1;
				text.delete(cursor - width, width);
				cursor -= width;
			} else {
				text.insert(cursor, char);
				cursor += char.length;
			}
			operations++;
		}
	} else if (roll < 0.93) {
		editor.transact(() => {
			card.set('column_id', pick(input.column_ids));
			card.set('position', `m${Math.floor(next() * 1e9).toString(36)}`);
		});
		operations++;
	} else {
		card.set('title', `Card renamed ${Math.floor(next() * 1e6)}`);
		operations++;
	}
}
process.stdout.write(JSON.stringify({ updates, operations }));
