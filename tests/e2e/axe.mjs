// An accessibility scan with axe-core (WCAG 2.x A and AA rules) of the page as it is now,
// injected over the DevTools protocol (which the page's Content-Security-Policy does not govern).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { check } from './browser.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const BLOCKING = new Set(['serious', 'critical']);

// Each scanned page's requests from its first scan on (when each started and ended), to say
// what kept the network from going idle.
const journals = new WeakMap();

function journalOf(page) {
  if (!journals.has(page)) {
    const journal = new Map();
    const t0 = Date.now();
    page.on('request', (request) => journal.set(request, { started: Date.now() - t0, ended: null, how: '' }));
    const end = (how) => (request) => Object.assign(journal.get(request) ?? {}, { ended: Date.now() - t0, how });
    page.on('requestfinished', end('finished'));
    page.on('requestfailed', end('failed'));
    journals.set(page, journal);
  }
  return journals.get(page);
}

/** Adds to `found` each serious or critical violation on the page, with the elements it found. */
export async function scan(page, name, found) {
  const journal = journalOf(page);
  await page.waitForLoadState('networkidle', { timeout: 20_000 }).catch((error) => {
    const lines = [...journal].slice(-25).map(([request, { started, ended, how }]) =>
      `${request.method()} ${request.url()} at ${started} ms: ${ended === null ? 'still open' : `${how} at ${ended} ms`}`);
    throw new Error(`${name}: the network never went idle; its last requests:\n  ${lines.join('\n  ')}`, { cause: error });
  });
  await page.waitForTimeout(300); // transitions and skeletons settle
  await page.evaluate(AXE);
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
  for (const violation of result.violations.filter((v) => BLOCKING.has(v.impact))) {
    const nodes = violation.nodes.slice(0, 5).map((node) => `${node.html.slice(0, 160)}: ${node.failureSummary.split('\n').slice(1).join(' ')}`);
    found.push(`${name}: [${violation.impact}] ${violation.id} — ${violation.help}\n      ${nodes.join('\n      ')}`);
  }
  check(result.passes.length > 0, `${name}: axe ran and checked something`);
}
