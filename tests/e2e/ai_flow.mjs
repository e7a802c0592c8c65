// An AI draft on a card, from the settings to the applied change:
// - with no provider yet, "Draft" is refused with the reason and, for the owner, a link to the
//   project's AI page; there the owner sets the provider (a local server speaking OpenAI's chat
//   completions; the key shows only masked afterwards) and a monthly budget, and in the card's
//   panel a limit for the card;
// - in the card's drawer, "Draft" starts a run whose text streams into the AI panel: the text
//   is seen growing at least twice before the run ends, with Stop offered meanwhile;
// - the run ends with its proposal (the new description, ticked) and its tokens, cost and
//   model; "Apply selected" applies it: the drawer shows the new description, the run is listed
//   as applied, and after a reload the card has it;
// - the project's AI page shows what the run spent, with a link to the card;
// - axe finds nothing serious on the way (the panel streaming, its proposal, an earlier run's
//   transcript, the AI page), in the light and the dark theme.
// Needs a worker and the scripted provider (test_web_flows.py starts both).
// Usage: node ai_flow.mjs <base URL> <screenshots dir> <provider base URL, up to /v1>
import { scan } from './axe.mjs';
import { launch, check, passed } from './browser.mjs';
import { api, cardIn, signUpWithBoard } from './steps.mjs';

const [baseUrl, shots, providerUrl] = process.argv.slice(2);
const TITLE = 'Sign-up page';
const DRAFTED = 'Acceptance criteria';

/** Records, in the page, the length of the AI panel's streamed text each time it changes, with
 * the run's status then: what a person watching the panel would have seen. */
function recordStreaming() {
  window.__aiText = [];
  const record = () => {
    const current = document.querySelector('[data-testid="ai-current"]');
    if (!current) return;
    const text = [...current.querySelectorAll('[data-testid="ai-text"]')].map((node) => node.textContent).join('');
    const last = window.__aiText.at(-1);
    if (!last || last.length !== text.length || last.status !== current.dataset.status) {
      window.__aiText.push({ length: text.length, status: current.dataset.status });
    }
  };
  new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
}

/** The board once the server has the card (the board shows a new card before it is saved). */
async function savedCard(page, boardId, title) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const board = (await api(page, 'GET', `/api/boards/${boardId}`)).body;
    const card = board.columns.flatMap((c) => c.cards).find((c) => c.title === title);
    if (card && !card.pending) return { board, cardId: card.id };
    await page.waitForTimeout(100);
  }
  throw new Error(`the server never had the card "${title}"`);
}

/** axe on the page as it is, in the light and the dark theme. */
async function scanBoth(page, name, found) {
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    await scan(page, `${colorScheme} ${name}`, found);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const browser = await launch();
const found = [];
try {
  const page = await browser.newPage({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  const { boardUrl } = await signUpWithBoard(page, baseUrl, [TITLE]);
  const boardId = boardUrl.split('/boards/')[1].split(/[?#]/)[0];
  const { board, cardId } = await savedCard(page, boardId, TITLE);

  // No provider yet: the panel says so, and shows the owner the way to the settings.
  await page.goto(`${baseUrl}/boards/${boardId}?card=${cardId}`);
  const drawer = page.getByTestId('card-drawer');
  const panel = drawer.getByTestId('ai-panel');
  await panel.getByRole('button', { name: 'Draft' }).click();
  const problem = panel.getByTestId('ai-problem');
  await problem.waitFor();
  check((await problem.getAttribute('data-code')) === 'ai_not_configured', `the refusal says why: ${await problem.innerText()}`);
  await problem.getByRole('link', { name: 'Open the project’s AI settings' }).click();
  await page.waitForURL(`${baseUrl}/projects/${board.project_id}/ai`);
  await page.getByRole('heading', { name: 'Provider' }).waitFor();
  await page.getByLabel('Protocol').selectOption('openai');
  await page.getByLabel('Base URL').fill(providerUrl);
  await page.getByLabel('Model').fill('test-model');
  await page.getByLabel('API key').fill('sk-test-0123456789abcdef');
  await page.getByLabel('Input', { exact: true }).fill('1.5');
  await page.getByLabel('Output', { exact: true }).fill('6');
  await page.getByRole('button', { name: 'Save provider' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved. AI actions' }).waitFor();
  const keyHint = await page.getByLabel('API key').getAttribute('placeholder');
  check(keyHint === 'Stored: …cdef', `the stored key shows only masked, got "${keyHint}"`);
  check((await page.getByLabel('API key').inputValue()) === '', 'the key field is emptied after saving');
  await page.getByLabel('Monthly limit ($)').fill('5');
  await page.getByRole('button', { name: 'Save budgets' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved: $5.00 a month' }).waitFor();
  check((await page.getByLabel('Monthly limit ($)').inputValue()) === '5', 'the limit reads as typed');
  await scanBoth(page, 'AI settings', found);
  if (shots) await page.screenshot({ path: `${shots}/ai-settings.png` });

  // The project page links to the AI page too.
  await page.goto(`${baseUrl}/projects/${board.project_id}`);
  await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'AI' }).waitFor();

  // The card's drawer: the card's own limit, then a draft streaming into the AI panel.
  await page.goto(`${baseUrl}/boards/${boardId}?card=${cardId}`);
  await drawer.waitFor();
  await panel.getByRole('button', { name: 'Draft' }).waitFor();
  check((await panel.getByText('No AI runs on this card yet.').count()) === 1, 'a new card has no runs');
  await panel.getByLabel('Card limit ($)').fill('1');
  await panel.getByRole('button', { name: 'Set limit' }).click();
  await panel.getByRole('status').filter({ hasText: 'Saved: $1.00 for this card.' }).waitFor();
  await page.evaluate(recordStreaming);
  await panel.getByRole('button', { name: 'Draft' }).click();
  const current = panel.getByTestId('ai-current');
  await current.getByRole('button', { name: 'Stop' }).waitFor();
  await panel.locator('[data-testid="ai-current"][data-status="proposed"]').waitFor({ timeout: 30_000 });

  const seen = await page.evaluate(() => window.__aiText);
  const streaming = seen.filter((step) => step.status === 'running' && step.length > 0).map((step) => step.length);
  check(
    streaming.length >= 2 && streaming.every((length, i) => i === 0 || length > streaming[i - 1]),
    `the text grew at least twice while the run went on, saw ${JSON.stringify(seen)}`,
  );
  const text = await current.getByTestId('ai-text').innerText();
  check(text.includes(DRAFTED), `the streamed text is the draft: ${text}`);
  check((await current.getByRole('button', { name: 'Stop' }).count()) === 0, 'no Stop once the run has ended');
  const facts = await current.getByTestId('ai-run-facts').innerText();
  check(/Tokens\s*1,200 in · 180 out/.test(facts) && facts.includes('$0.0029') && facts.includes('test-model'), `the run's figures: ${facts}`);

  const item = current.getByTestId('ai-proposal-item');
  check((await item.count()) === 1 && (await item.getAttribute('data-kind')) === 'update_card', 'one proposed change: the description');
  check(await item.getByRole('checkbox').isChecked(), 'the proposed change is ticked');
  check(/description/.test(await item.innerText()), `the proposal says what it changes: ${await item.innerText()}`);
  await current.scrollIntoViewIfNeeded();
  if (shots) await page.screenshot({ path: `${shots}/ai-panel.png` });
  await scanBoth(page, 'AI proposal', found);

  await current.getByRole('button', { name: 'Apply selected (1)' }).click();
  await panel.locator('[data-testid="ai-current"][data-status="applied"]').waitFor();
  // The apply's answer lands before the panel has re-read the card: focus moves once it has.
  const focused = await page
    .waitForFunction(() => document.activeElement?.textContent?.trim() === 'Draft', null, { timeout: 10_000 })
    .then(() => 'Draft', async () => page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200)));
  check(focused === 'Draft', `focus goes to the run's title once its buttons are gone, got "${focused}"`);
  await drawer.getByTestId('card-description').filter({ hasText: DRAFTED }).waitFor();

  await page.reload();
  await cardIn(page, 'To do', TITLE).waitFor();
  await drawer.waitFor();
  await drawer.getByTestId('card-description').filter({ hasText: DRAFTED }).waitFor();
  // Decided: listed with the earlier runs, no longer at the top.
  const listed = panel.getByTestId('ai-run');
  await listed.waitFor();
  const row = await listed.innerText();
  check(
    (await listed.getAttribute('data-status')) === 'applied' && row.includes('Draft') && row.includes('Ada Lovelace') && row.includes('$0.0029'),
    `the run is listed as applied, by whom, at what cost: ${row}`,
  );
  check((await panel.getByTestId('ai-current').count()) === 0, 'nothing waits for a decision');
  await listed.getByRole('button', { name: 'Show' }).click();
  await listed.getByTestId('ai-text').filter({ hasText: DRAFTED }).waitFor();
  await scanBoth(page, 'AI run history', found);
  const card = (await api(page, 'GET', `/api/cards/${cardId}`)).body;
  check(card.description.includes(DRAFTED), `the card has the draft: ${card.description}`);

  // What it cost, on the project's AI page.
  await page.goto(`${baseUrl}/projects/${board.project_id}/ai`);
  const spent = page.getByTestId('ai-month-spent');
  await spent.waitFor();
  check((await spent.innerText()) === '$0.0029', `this month's spending: ${await spent.innerText()}`);
  await page.getByTestId('ai-card-usage').getByRole('link', { name: TITLE }).click();
  await page.waitForURL((url) => url.searchParams.get('card') === cardId);
  await drawer.waitFor();
  check(found.length === 0, `no serious or critical accessibility violations, found:\n  ${found.join('\n  ')}`);
  passed(browser);
} finally {
  await browser.close();
}
