// Links and history on the board: an open card is `?card=<id>` (a history entry: Back closes it,
// closing it does not leave an entry that reopens it), a link to a card opens it in a fresh
// context with Back closing it there too, and the search and filters live in the query string.
// Usage: node links_flow.mjs <base URL>
import { launch, check, passed } from './browser.mjs';
import { api, cardIn, column, signUpWithBoard } from './steps.mjs';

const [baseUrl] = process.argv.slice(2);

async function waitForUrl(page, predicate, what) {
  for (let i = 0; i < 50 && !predicate(new URL(page.url())); i += 1) await page.waitForTimeout(100);
  check(predicate(new URL(page.url())), `${what}, got ${page.url()}`);
}

const cardParam = (url) => url.searchParams.get('card');

const browser = await launch();
try {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const { boardUrl } = await signUpWithBoard(page, baseUrl, ['Alpha', 'Beta']);
  const boardId = boardUrl.split('/boards/')[1];
  // The board read is projected from the document a moment after each write.
  let board;
  for (let i = 0; i < 50; i += 1) {
    board = (await api(page, 'GET', `/api/boards/${boardId}`)).body;
    if (board.columns[0].cards.length === 2) break;
    await page.waitForTimeout(100);
  }
  const alpha = board.columns[0].cards.find((c) => c.title === 'Alpha');
  const beta = board.columns[0].cards.find((c) => c.title === 'Beta');
  check((await api(page, 'PATCH', `/api/cards/${beta.id}`, { labels: ['bug'] })).status === 200, 'label set');
  await page.reload();
  const drawer = page.getByTestId('card-drawer');

  // Opening a card puts it in the URL; Back closes it and stays on the board.
  await cardIn(page, 'To do', 'Alpha').click();
  await drawer.waitFor();
  await waitForUrl(page, (url) => cardParam(url) === alpha.id, `the card (${alpha.id}) is in the URL`);
  await page.goBack();
  await drawer.waitFor({ state: 'detached' });
  await waitForUrl(page, (url) => url.pathname === `/boards/${boardId}` && !cardParam(url), 'Back leaves the card');
  await cardIn(page, 'To do', 'Alpha').waitFor();

  // Closing it goes back too: Forward reopens, but Back after closing never does.
  await cardIn(page, 'To do', 'Beta').click();
  await drawer.waitFor();
  await drawer.getByRole('button', { name: 'Close' }).click();
  await drawer.waitFor({ state: 'detached' });
  await waitForUrl(page, (url) => !cardParam(url), 'closing removes the card from the URL');
  check(await cardIn(page, 'To do', 'Beta').evaluate((el) => el === document.activeElement), 'the focus is back on the card');

  // A link to the card in a fresh context opens it; Back closes it and stays on the board.
  const session = await page.evaluate(() => localStorage.getItem('projectflow.session'));
  const fresh = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
  await fresh.addInitScript((value) => localStorage.setItem('projectflow.session', value), session);
  const linked = await fresh.newPage();
  await linked.goto(`${baseUrl}/boards/${boardId}?card=${alpha.id}`);
  const linkedDrawer = linked.getByTestId('card-drawer');
  await linkedDrawer.waitFor();
  check((await linkedDrawer.getByLabel('Title').inputValue()) === 'Alpha', 'the linked card is open');
  await linked.goBack();
  await linkedDrawer.waitFor({ state: 'detached' });
  await waitForUrl(linked, (url) => url.pathname === `/boards/${boardId}` && !cardParam(url), 'Back closes the linked card');
  await cardIn(linked, 'To do', 'Alpha').waitFor();

  // A link to a card that is not on the board says so.
  await linked.goto(`${baseUrl}/boards/${boardId}?card=00000000-0000-0000-0000-000000000000`);
  await linked.getByTestId('toast').filter({ hasText: 'not on this board' }).waitFor();
  await waitForUrl(linked, (url) => !cardParam(url), 'the unknown card leaves the URL');

  // Search and filters are in the query string and survive a reload.
  await page.getByLabel('Search cards').fill('alp');
  await waitForUrl(page, (url) => url.searchParams.get('q') === 'alp', 'the search is in the URL');
  await page.reload();
  await cardIn(page, 'To do', 'Alpha').waitFor();
  check((await page.getByLabel('Search cards').inputValue()) === 'alp', 'the search survives a reload');
  check((await column(page, 'To do').getByTestId('card').count()) === 1, 'only Alpha matches');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await waitForUrl(page, (url) => !url.searchParams.has('q'), 'clearing empties the URL');

  await page.getByTestId('label-filter-button').click();
  await page.getByRole('checkbox', { name: 'bug' }).check();
  await page.keyboard.press('Escape');
  await page.getByLabel('Due').selectOption({ label: 'No due date' });
  await waitForUrl(page, (url) => url.searchParams.getAll('label').join() === 'bug' && url.searchParams.get('due') === 'none',
    'labels and due are in the URL');
  const shared = page.url();
  await page.reload();
  await cardIn(page, 'To do', 'Beta').waitFor();
  check((await column(page, 'To do').getByTestId('card').count()) === 1, 'the filters survive a reload');
  check((await page.getByLabel('Due').inputValue()) === 'none', 'the due filter survives a reload');

  // The same link shows the same cards to someone else's browser.
  await linked.goto(shared);
  await cardIn(linked, 'To do', 'Beta').waitFor();
  check((await column(linked, 'To do').getByTestId('card').count()) === 1, 'a shared link filters the same way');
  check((await linked.getByTestId('filter-count').innerText()).includes('1 of 2'), 'the count says 1 of 2');
  passed(browser);
} finally {
  await browser.close();
}
