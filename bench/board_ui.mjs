// Board UI performance in Debian's Chromium (playwright-core from tests/e2e/node_modules):
// first card painted, scroll and drag frame rates on a board with a big column, each without and
// with 4x CPU throttling, and the gzipped JS the board route loads.
//
// Usage: node bench/board_ui.mjs <base URL> <bearer token> <board id> [--json]
// (bench/board_ui.py starts `projectflow up`, makes a 5,000-card board and runs this.)
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const TARGETS = { fps: 55, firstCardMs: 1500, jsKiB: 150 };
const SCROLL_MS = 3000;
const DRAG_MS = 2000;
const SCROLL_PX_PER_FRAME = 40; // ~2,400 px/s at 60 fps: a brisk, continuous scroll

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const [baseUrl, token, boardId] = args.filter((arg) => !arg.startsWith('--'));
if (!baseUrl || !token || !boardId) {
  console.error('usage: node bench/board_ui.mjs <base URL> <bearer token> <board id> [--json]');
  process.exit(2);
}

// Installed before any page script: frame intervals on demand, and when the first card appeared.
function pageProbe() {
  window.__bench = { frames: [], recording: false, firstCard: null, dragovers: 0, drops: 0 };
  // Counted so a run shows the pointer sweep really was an HTML5 drag the columns handled.
  addEventListener('dragover', () => (window.__bench.dragovers += 1), true);
  addEventListener('drop', () => (window.__bench.drops += 1), true);
  const record = (now) => {
    const bench = window.__bench;
    if (bench.recording) {
      if (bench.last !== undefined) bench.frames.push(now - bench.last);
      bench.last = now;
      requestAnimationFrame(record);
    }
  };
  window.__benchStart = () => {
    Object.assign(window.__bench, { frames: [], recording: true, last: undefined });
    requestAnimationFrame(record);
  };
  window.__benchStop = () => {
    window.__bench.recording = false;
    return window.__bench.frames;
  };
  const seen = new MutationObserver(() => {
    if (!document.querySelector('[data-testid="card"]')) return;
    seen.disconnect();
    // The frame after the card is in the DOM is the one that paints it.
    requestAnimationFrame(() => setTimeout(() => (window.__bench.firstCard = performance.now()), 0));
  });
  document.addEventListener('DOMContentLoaded', () => seen.observe(document.body, { childList: true, subtree: true }));
}

function frameStats(intervals) {
  if (intervals.length === 0) return { fps: 0, p95: 0, frames: 0 };
  const total = intervals.reduce((sum, ms) => sum + ms, 0);
  const sorted = [...intervals].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.round(0.95 * (sorted.length - 1)))];
  return { fps: (intervals.length * 1000) / total, p95, frames: intervals.length };
}

async function me() {
  const response = await fetch(`${baseUrl}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET /api/me: ${response.status}`);
  return response.json();
}

/** The column holding the most cards: its name and its scroll element's selector. */
async function bigColumn(page) {
  return page.evaluate(() => {
    const columns = [...document.querySelectorAll('[data-testid="column"]')];
    const count = (column) => Number.parseInt(column.querySelector('[data-testid="wip"]')?.textContent ?? '0', 10);
    columns.sort((a, b) => count(b) - count(a));
    return { name: columns[0].dataset.columnName, cards: count(columns[0]), columns: columns.length };
  });
}

async function measureScroll(page, columnName) {
  return page.evaluate(
    ({ columnName, ms, step }) =>
      new Promise((resolve) => {
        const column = document.querySelector(`[data-testid="column"][data-column-name="${columnName}"]`);
        const scroller = column.querySelector('[data-testid="card-scroller"]') ?? column;
        scroller.scrollTop = 0;
        const started = performance.now();
        window.__benchStart();
        const tick = (now) => {
          if (now - started >= ms) {
            resolve({ frames: window.__benchStop(), scrolled: scroller.scrollTop });
            return;
          }
          const max = scroller.scrollHeight - scroller.clientHeight;
          scroller.scrollTop = scroller.scrollTop + step >= max ? 0 : scroller.scrollTop + step;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { columnName, ms: SCROLL_MS, step: SCROLL_PX_PER_FRAME },
  );
}

/** Press on a card of the big column and sweep the pointer across the columns for DRAG_MS. */
async function measureDrag(page, columnName) {
  await page.evaluate((name) => {
    const scroller = document.querySelector(`[data-testid="column"][data-column-name="${name}"] [data-testid="card-scroller"]`);
    if (scroller) scroller.scrollTop = 0;
  }, columnName);
  await page.waitForTimeout(200);
  const card = page.locator(`[data-testid="column"][data-column-name="${columnName}"] [data-testid="card"]`).first();
  const from = await card.boundingBox();
  const boxes = await page.locator('[data-testid="column"]').evaluateAll((columns) =>
    columns.map((column) => {
      const box = column.getBoundingClientRect();
      return { x: box.x + box.width / 2, top: box.y + 80, bottom: Math.min(box.bottom, innerHeight) - 80 };
    }),
  );
  const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 10, start.y + 10, { steps: 2 });
  await page.evaluate(() => {
    window.__bench.dragovers = 0;
    window.__bench.drops = 0;
    window.__benchStart();
  });
  const started = Date.now();
  let moves = 0;
  while (Date.now() - started < DRAG_MS) {
    const t = (Date.now() - started) / DRAG_MS;
    // Left to right across all columns and back, bobbing up and down inside them.
    const sweep = t < 0.5 ? t * 2 : 2 - t * 2;
    const x = boxes[0].x + (boxes.at(-1).x - boxes[0].x) * sweep;
    const column = boxes[Math.min(boxes.length - 1, Math.round(sweep * (boxes.length - 1)))];
    const y = column.top + (column.bottom - column.top) * (0.5 + 0.5 * Math.sin(t * Math.PI * 6));
    await page.mouse.move(x, Math.max(column.top, y));
    moves += 1;
  }
  const frames = await page.evaluate(() => window.__benchStop());
  await page.mouse.up();
  const { dragovers, drops } = await page.evaluate(() => window.__bench);
  return { frames, moves, dragovers, drops };
}

async function run(browser, user, throttle) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(
    ({ session }) => localStorage.setItem('projectflow.session', JSON.stringify(session)),
    { session: { token, user } },
  );
  await context.addInitScript(pageProbe);
  const page = await context.newPage();
  if (process.env.BENCH_DEBUG) {
    page.on('console', (message) => console.error('console:', message.text().slice(0, 300)));
    page.on('pageerror', (error) => console.error('page error:', error.message));
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });

  const scripts = new Map();
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return;
    try {
      const body = await response.body();
      scripts.set(response.url(), { raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
    } catch {
      // a redirect or an aborted load has no body
    }
  });

  const wallStart = Date.now();
  await page.goto(`${baseUrl}/boards/${boardId}`);
  await page.locator('[data-testid="card"]').first().waitFor({ timeout: 60_000 });
  const wallMs = Date.now() - wallStart;
  await page.waitForFunction(() => window.__bench.firstCard !== null);
  const firstCardMs = await page.evaluate(() => window.__bench.firstCard);
  const big = await bigColumn(page);
  const rendered = await page.locator('[data-testid="card"]').count();
  await page.waitForTimeout(500); // let the load settle before measuring frames

  const scroll = await measureScroll(page, big.name);
  const drag = await measureDrag(page, big.name);
  await page.waitForTimeout(300);
  await context.close();

  const js = [...scripts.values()].reduce((sum, s) => ({ raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip }), { raw: 0, gzip: 0 });
  return {
    throttle,
    firstCardMs,
    wallMs,
    bigColumn: big,
    renderedCards: rendered,
    scroll: { ...frameStats(scroll.frames), scrolledTo: scroll.scrolled },
    drag: { ...frameStats(drag.frames), pointerMoves: drag.moves, dragovers: drag.dragovers, drops: drag.drops },
    js: { files: scripts.size, rawKiB: js.raw / 1024, gzipKiB: js.gzip / 1024 },
  };
}

const user = await me();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
const results = [];
try {
  for (const throttle of [1, 4]) results.push(await run(browser, user, throttle));
} finally {
  await browser.close();
}

if (asJson) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const big = results[0].bigColumn;
  console.log(`board ${boardId}: ${big.columns} columns, biggest "${big.name}" with ${big.cards} cards; ` +
    `${results[0].renderedCards} card elements in the DOM after load`);
  const ok = (pass) => (pass ? 'ok  ' : 'MISS');
  const rows = [['measure', 'unthrottled', '4x CPU throttle', 'target']];
  const both = (f) => results.map(f);
  const [u, t] = results;
  rows.push(['first card painted (ms)', ...both((r) => r.firstCardMs.toFixed(0)), `< ${TARGETS.firstCardMs} ${ok(u.firstCardMs < TARGETS.firstCardMs)}`]);
  rows.push(['  goto -> card visible, wall (ms)', ...both((r) => `${r.wallMs}`), '']);
  rows.push(['scroll: mean fps', ...both((r) => r.scroll.fps.toFixed(1)), `>= ${TARGETS.fps} ${ok(u.scroll.fps >= TARGETS.fps)}`]);
  rows.push(['scroll: p95 frame (ms)', ...both((r) => r.scroll.p95.toFixed(1)), '']);
  rows.push(['drag: mean fps', ...both((r) => r.drag.fps.toFixed(1)), `>= ${TARGETS.fps} ${ok(u.drag.fps >= TARGETS.fps)}`]);
  rows.push(['drag: p95 frame (ms)', ...both((r) => r.drag.p95.toFixed(1)), '']);
  rows.push(['drag: pointer moves / dragovers / drops', ...both((r) => `${r.drag.pointerMoves} / ${r.drag.dragovers} / ${r.drag.drops}`), '']);
  rows.push(['board route JS, gzip (KiB)', ...both((r) => `${r.js.gzipKiB.toFixed(1)} (${r.js.files} files)`), `<= ${TARGETS.jsKiB} ${ok(u.js.gzipKiB <= TARGETS.jsKiB)}`]);
  rows.push(['board route JS, raw (KiB)', ...both((r) => r.js.rawKiB.toFixed(1)), '']);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log('(Headless Chromium caps rAF at 60 fps; software rendering, --disable-gpu.)');
}
