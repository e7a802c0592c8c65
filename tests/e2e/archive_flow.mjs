// Archived cards can be found again: archive a card from its drawer, find it in the board's
// Archived panel (with search), restore it — it is back in its column; restoring into a full
// column asks first and goes over the limit on "yes" (from the panel and from the drawer); an
// archived card can be deleted for good.
// Usage: node archive_flow.mjs <base URL>
import { launch, check, passed } from './browser.mjs';
import { api, cardIn, column, signUpWithBoard } from './steps.mjs';

const [baseUrl] = process.argv.slice(2);

/** The board as the server has it, once it holds every title in `titles`. */
async function boardWith(page, boardId, titles) {
  for (;;) {
    const board = (await api(page, 'GET', `/api/boards/${boardId}`)).body;
    const cards = board.columns.flatMap((c) => c.cards);
    if (titles.every((title) => cards.some((card) => card.title === title))) return { board, cards };
  }
}

async function openArchive(page) {
  await page.getByRole('button', { name: 'Archived', exact: true }).click();
  const panel = page.getByTestId('archive-panel');
  await panel.waitFor();
  return panel;
}

const browser = await launch();
try {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const { boardUrl } = await signUpWithBoard(page, baseUrl, ['Old idea', 'Keep me']);
  const boardId = boardUrl.split('/boards/')[1];
  const { board, cards } = await boardWith(page, boardId, ['Old idea', 'Keep me']);
  const todo = board.columns.find((c) => c.name === 'To do');
  const idOf = (title) => cards.find((card) => card.title === title).id;

  // --- Archive a card from its drawer; after a reload the board no longer shows it.
  await cardIn(page, 'To do', 'Old idea').click();
  const drawer = page.getByTestId('card-drawer');
  await drawer.getByRole('button', { name: 'Archive', exact: true }).click();
  for (;;) if ((await api(page, 'GET', `/api/cards/${idOf('Old idea')}`)).body.archived) break;
  await page.goto(boardUrl);
  await cardIn(page, 'To do', 'Keep me').waitFor();
  check((await cardIn(page, 'To do', 'Old idea').count()) === 0, 'an archived card is off the board');

  // --- Find it in the Archived panel, search, restore: back in its column.
  let panel = await openArchive(page);
  const archived = panel.getByTestId('archived-card');
  await archived.filter({ hasText: 'Old idea' }).waitFor();
  check((await archived.count()) === 1, 'only the archived card is listed');
  await panel.getByLabel('Search archived cards').fill('nothing like it');
  await panel.getByTestId('archive-empty').waitFor();
  await panel.getByLabel('Search archived cards').fill('old');
  await archived.filter({ hasText: 'Old idea' }).waitFor();
  await panel.getByRole('button', { name: 'Restore Old idea' }).click();
  await page.getByTestId('toast').filter({ hasText: 'Restored “Old idea” to To do' }).waitFor();
  await panel.getByTestId('archive-empty').waitFor();
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
  await cardIn(page, 'To do', 'Old idea').waitFor();
  check(!(await api(page, 'GET', `/api/cards/${idOf('Old idea')}`)).body.archived, 'the card is unarchived');

  // --- Restoring into a full column asks, and goes over the limit on "yes".
  check((await api(page, 'PATCH', `/api/cards/${idOf('Old idea')}`, { archived: true })).status === 200, 'archived again');
  check((await api(page, 'PATCH', `/api/columns/${todo.id}`, { wip_limit: 1 })).status === 200, 'To do limited to 1');
  await page.reload();
  await cardIn(page, 'To do', 'Keep me').waitFor();
  panel = await openArchive(page);
  await panel.getByRole('button', { name: 'Restore Old idea' }).click();
  const dialog = page.getByTestId('confirm-dialog');
  await dialog.waitFor();
  const question = await dialog.getByTestId('confirm-message').innerText();
  check(question === 'To do is full (1/1). Restore anyway?', `the WIP question, got "${question}"`);
  await dialog.getByRole('button', { name: 'Restore anyway' }).click();
  await panel.getByTestId('archive-empty').waitFor();
  await panel.getByRole('button', { name: 'Close' }).click();
  await cardIn(page, 'To do', 'Old idea').waitFor();
  check((await column(page, 'To do').locator('[data-testid="card"]').count()) === 2, 'both cards in To do, over the limit');

  // --- Unarchiving from the drawer into the full column asks the same question.
  await cardIn(page, 'To do', 'Old idea').click();
  await drawer.getByRole('button', { name: 'Archive', exact: true }).click();
  await drawer.getByTestId('archived-note').waitFor();
  await drawer.getByRole('button', { name: 'Unarchive', exact: true }).click();
  const asked = await dialog.getByTestId('confirm-message').innerText();
  check(asked === 'To do is full (1/1). Restore anyway?', `the drawer's WIP question, got "${asked}"`);
  await dialog.getByRole('button', { name: 'Restore anyway' }).click();
  await drawer.getByTestId('archived-note').waitFor({ state: 'detached' });
  check(!(await api(page, 'GET', `/api/cards/${idOf('Old idea')}`)).body.archived, 'unarchived past the limit');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });

  // --- Delete an archived card for good, after confirming.
  check((await api(page, 'PATCH', `/api/cards/${idOf('Keep me')}`, { archived: true })).status === 200, 'archived');
  panel = await openArchive(page);
  await panel.getByRole('button', { name: 'Delete Keep me' }).click();
  await dialog.getByTestId('confirm-message').filter({ hasText: 'cannot be undone' }).waitFor();
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await panel.getByTestId('archive-empty').waitFor();
  const gone = await api(page, 'GET', `/api/cards/${idOf('Keep me')}`);
  check(gone.status === 403 || gone.status === 404, `the card is deleted, got ${gone.status}`);
  passed(browser);
} finally {
  await browser.close();
}
