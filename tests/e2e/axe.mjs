// An accessibility scan with axe-core (WCAG 2.x A and AA rules) of the page as it is now,
// injected over the DevTools protocol (which the page's Content-Security-Policy does not govern).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { check } from './browser.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const BLOCKING = new Set(['serious', 'critical']);

// The requests each scanned page has in flight (watched from its first scan on), to say which
// one kept the network from going idle.
const inFlight = new WeakMap();

function requestsOf(page) {
  if (!inFlight.has(page)) {
    const pending = new Set();
    page.on('request', (request) => pending.add(request));
    page.on('requestfinished', (request) => pending.delete(request));
    page.on('requestfailed', (request) => pending.delete(request));
    inFlight.set(page, pending);
  }
  return inFlight.get(page);
}

/** Adds to `found` each serious or critical violation on the page, with the elements it found. */
export async function scan(page, name, found) {
  const pending = requestsOf(page);
  await page.waitForLoadState('networkidle').catch(async (error) => {
    // Asked again on a connection of its own: does the server answer, or is the page stuck?
    const again = await Promise.all(
      [...pending].map(async (request) => {
        const started = Date.now();
        const answer = await page.request
          .fetch(request.url(), { headers: await request.allHeaders(), timeout: 10_000 })
          .then((response) => response.status(), (failure) => failure.message.split('\n')[0]);
        return `${request.method()} ${request.url()} (asked again: ${answer} in ${Date.now() - started} ms)`;
      }),
    );
    throw new Error(`${name}: the network never went idle; in flight: ${again.join(', ') || 'none seen'}`, { cause: error });
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
