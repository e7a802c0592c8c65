// Sign up → create a project → import a CSV with a mistake: the parser's message, and the form
// kept as it was → import a fixed CSV of a few thousand cards through the file input: the
// progress bar moves through the job's progress to 100 and ends in a link to the new board, which
// opens it. Exporting the board runs a job too and downloads its file. The project's Activity page
// lists both, newest first, as succeeded.
// Needs a worker running the jobs (test_web_flows.py starts one).
// Usage: node import_flow.mjs <base URL> <screenshots dir>
import { readFile } from 'node:fs/promises';
import { launch, check, passed } from './browser.mjs';
import { column, signUp } from './steps.mjs';

const ROWS = 5000;
const COLUMNS = ['To do', 'Doing', 'Done'];

/** A CSV big enough that the import takes a moment: every value of the progress bar is seen. */
function roadmapCsv() {
  const lines = ['title,description,column,labels'];
  for (let row = 1; row <= ROWS; row++) {
    const description = `"Step ${row} of the roadmap, with a comma and ""quotes"""`;
    lines.push(`Task ${row},${description},${COLUMNS[row % COLUMNS.length]},area-${row % 7};team-${row % 3}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** Records every aria-valuenow the import's progress bar shows, from its first appearance on. */
function recordProgress() {
  window.__importProgress = [];
  const bar = () => document.querySelector('[role="progressbar"][aria-label="Import progress"]');
  let last = null;
  const record = () => {
    const value = bar()?.getAttribute('aria-valuenow') ?? null;
    if (value !== null && value !== last) window.__importProgress.push(Number(value));
    last = value;
  };
  new MutationObserver(record).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['aria-valuenow'],
  });
}

const [baseUrl, shots] = process.argv.slice(2);
const browser = await launch();
try {
  // Reduced motion: the bar's width does not animate, so screenshots show it where it is.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  await signUp(page, baseUrl, 'Ada Lovelace');
  await page.getByLabel('New project').fill('Apollo');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.locator('[data-testid="project"]', { hasText: 'Apollo' }).click();
  await page.getByLabel('Board file').waitFor();
  const projectUrl = page.url();

  const broken = Buffer.from('title,due\nWrite the brief,2026-03-01\nBook the rocket,soon\n');
  await page.getByLabel('Board file').setInputFiles({ name: 'Roadmap 2026.csv', mimeType: 'text/csv', buffer: broken });
  await page.getByLabel('Board name').fill('Roadmap');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const error = page.getByTestId('import-error');
  await error.waitFor({ timeout: 30_000 });
  const message = await error.innerText();
  check(message.startsWith('line 3'), `the error points at the line to fix: ${message}`);
  check((await page.getByLabel('Board name').inputValue()) === 'Roadmap', 'the board name is kept');
  if (shots) await page.screenshot({ path: `${shots}/import-error.png` });

  await page.evaluate(recordProgress);
  await page.getByLabel('Board file').setInputFiles({ name: 'Roadmap 2026.csv', mimeType: 'text/csv', buffer: roadmapCsv() });
  check((await error.count()) === 0, 'picking a new file clears the old error');
  await page.getByRole('button', { name: 'Import', exact: true }).click();

  const result = page.getByTestId('import-result');
  await result.waitFor({ timeout: 60_000 });
  const seen = await page.evaluate(() => window.__importProgress);
  check(seen.some((value) => value > 0 && value < 100), `a value between 0 and 100 was shown, saw ${JSON.stringify(seen)}`);
  check(seen.at(-1) === 100, `the bar ended at 100, saw ${JSON.stringify(seen)}`);
  check(seen.every((value, i) => i === 0 || value >= seen[i - 1]), `the bar never went back, saw ${JSON.stringify(seen)}`);
  const text = await result.innerText();
  check(text.includes('Roadmap') && text.includes('5,000 cards'), `the result names the board and its cards: ${text}`);
  check((await page.getByTestId('import-error').count()) === 0, 'no error shown');
  if (shots) await page.screenshot({ path: `${shots}/import.png` });

  const exportRow = page.locator('[data-testid="board-export"]', { hasText: 'Roadmap' });
  const downloading = page.waitForEvent('download');
  await exportRow.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  check(download.suggestedFilename() === 'roadmap.csv', `the file has the server's name: ${download.suggestedFilename()}`);
  const exported = (await readFile(await download.path(), 'utf8')).trim().split('\n');
  check(exported.length === ROWS + 1, `the export holds every card, got ${exported.length - 1} rows`);
  await exportRow.getByRole('status').filter({ hasText: 'Downloaded roadmap.csv' }).waitFor();

  await page.getByTestId('imported-board').click();
  await page.waitForURL(/\/boards\//);
  for (const name of COLUMNS) await column(page, name).waitFor();
  await column(page, 'Doing').locator('[data-testid="card"]').first().waitFor();

  await page.goto(projectUrl);
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.waitForURL(/\/activity$/);
  const jobs = page.getByTestId('job');
  await jobs.nth(2).waitFor();
  const listed = await jobs.evaluateAll((rows) => rows.map((row) => `${row.dataset.jobKind} ${row.dataset.jobStatus}`));
  check(
    JSON.stringify(listed) === JSON.stringify(['board.export succeeded', 'board.import succeeded', 'board.import failed']),
    `the export, the import and the failed import, newest first: ${JSON.stringify(listed)}`,
  );
  const row = await jobs.nth(1).innerText();
  check(row.includes('Board import') && row.includes('Succeeded'), `the row says what and how it went: ${row}`);
  const failed = await jobs.nth(2).innerText();
  check(failed.includes('Failed') && failed.includes(message), `the failed import shows its error: ${failed}`);
  check((await jobs.nth(2).getByRole('button', { name: 'Retry' }).count()) === 1, 'a failed import can be retried');
  await page.waitForFunction(() => document.title === 'Activity · Apollo — ProjectFlow AI').catch(async () =>
    check(false, `the page is titled, got "${await page.title()}"`));
  if (shots) await page.screenshot({ path: `${shots}/activity.png` });
  passed(browser);
} finally {
  await browser.close();
}
