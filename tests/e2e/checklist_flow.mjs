// Checklists, coloured labels and due badges: add a checklist with three items, tick two (the
// card face says 2/3), move one with the keyboard, turn one into a card past a full column's
// prompt (it appears on the board), create a label with a colour and recolour it (the card face
// shows it), mark a due date complete, and see a past due date in a done column shown green, not red.
// Everything is still there after a reload, and an item typed when the drawer closes is kept.
// Usage: node checklist_flow.mjs <base URL>
import { launch, check, passed } from './browser.mjs';
import { api, cardIn, column, signUpWithBoard } from './steps.mjs';

const [baseUrl] = process.argv.slice(2);
const CARD = 'Prepare the launch';
const ITEMS = ['Fuel the rocket', 'Board the crew', 'Start the countdown'];
// The palette's light-theme backgrounds (web/src/lib/features/labels/palette.ts).
const PURPLE_BG = 'rgb(223, 216, 253)';
const ORANGE_BG = 'rgb(254, 222, 200)';

const browser = await launch();
try {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? String(error)));
  await signUpWithBoard(page, baseUrl, [CARD]);
  const boardId = new URL(page.url()).pathname.split('/').pop();
  const face = () => cardIn(page, 'To do', CARD);
  const drawer = page.getByTestId('card-drawer');

  // A checklist with three items, each added with Enter (once the server has the card).
  await page.waitForFunction(() => !document.querySelector('[data-testid="card"][aria-busy="true"]'));
  await face().click();
  await drawer.waitFor();
  await drawer.getByRole('button', { name: 'Add checklist' }).click();
  await drawer.getByLabel('Checklist title').fill('Launch');
  await drawer.getByRole('button', { name: 'Add', exact: true }).click();
  const newItem = drawer.getByTestId('new-item');
  await newItem.waitFor();
  for (const text of ITEMS) {
    await newItem.fill(text);
    await newItem.press('Enter');
  }
  const items = drawer.getByTestId('checklist-item');
  const savedItems = drawer.locator('[data-testid="checklist-item"][aria-busy="false"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="checklist-item"][aria-busy="false"]').length === 3);
  check((await items.count()) === 3, 'three items');

  // Tick two: the checklist and the card face say 2/3.
  await drawer.getByRole('checkbox', { name: ITEMS[0], exact: true }).check();
  await drawer.getByRole('checkbox', { name: ITEMS[1], exact: true }).check();
  await drawer.getByTestId('checklist-count').filter({ hasText: '2/3' }).waitFor();
  await face().getByTestId('checklist-badge').filter({ hasText: '2/3' }).waitFor();
  check((await face().getByTestId('checklist-badge').getAttribute('data-complete')) === 'false', 'not all done: not green');

  // Move "Start the countdown" up one place with the keyboard (its handle has the focus).
  await drawer.getByRole('button', { name: `Move ${ITEMS[2]}` }).focus();
  await page.keyboard.press('ArrowUp');
  const order = () => savedItems.getByTestId('item-text').allTextContents();
  await page.waitForFunction(
    (expected) => [...document.querySelectorAll('[data-testid="checklist-item"] [data-testid="item-text"]')].map((e) => e.textContent).join('|') === expected,
    [ITEMS[0], ITEMS[2], ITEMS[1]].join('|'),
  );
  const handleFocused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
  check(handleFocused === 'item-handle', `the handle keeps the focus after a move, got ${handleFocused}`);
  await page.waitForFunction(() => !document.querySelector('[data-testid="checklist"][aria-busy="true"], [data-testid="checklist-item"][aria-busy="true"]'));

  // "To do" is full (WIP limit 1): converting an item asks, then adds the card anyway.
  const board = (await api(page, 'GET', `/api/boards/${boardId}`)).body;
  const todo = board.columns.find((c) => c.name === 'To do');
  const done = board.columns.find((c) => c.name === 'Done');
  check((await api(page, 'PATCH', `/api/columns/${todo.id}`, { wip_limit: 1 })).status === 200, 'WIP limit set');
  await drawer.getByRole('button', { name: `Actions for ${ITEMS[1]}` }).click();
  await page.getByRole('menuitem', { name: 'Convert to card' }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.waitFor();
  const question = await confirm.getByTestId('confirm-message').textContent();
  check(question === 'To do is full (1/1). Add anyway?', `the full-column question, got ${question}`);
  await confirm.getByRole('button', { name: 'Add anyway' }).click();
  await cardIn(page, 'To do', ITEMS[1]).waitFor();
  await drawer.getByTestId('checklist-count').filter({ hasText: '1/2' }).waitFor();
  check((await order()).join('|') === [ITEMS[0], ITEMS[2]].join('|'), 'the item left the checklist');
  const faces = await column(page, 'To do').locator('[data-testid="card"] p.font-medium').allTextContents();
  check(faces.join('|') === [CARD, ITEMS[1]].join('|'), `the new card sits right after its source, got ${faces}`);

  // A new label with a colour, then another colour: the card face follows.
  await drawer.getByRole('button', { name: 'Edit labels' }).click();
  await drawer.getByLabel('Find or create a label').fill('Launch');
  await drawer.getByTestId('new-label').getByRole('radio', { name: 'Purple' }).check({ force: true });
  await drawer.getByRole('button', { name: 'Create “Launch”' }).click();
  const faceLabel = face().locator('[data-testid="label"][data-label="Launch"]');
  await faceLabel.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="card"] [data-label="Launch"]')?.dataset.color === 'purple');
  const purple = await faceLabel.getByTestId('label-pill').evaluate((e) => getComputedStyle(e).backgroundColor);
  check(purple === PURPLE_BG, `the pill is purple on the card face, got ${purple}`);
  await drawer.getByRole('button', { name: 'Colour of Launch: Purple' }).click();
  await drawer.getByTestId('label-colors').getByRole('radio', { name: 'Orange' }).check({ force: true });
  await page.waitForFunction(() => document.querySelector('[data-testid="card"] [data-label="Launch"]')?.dataset.color === 'orange');
  const orange = await faceLabel.getByTestId('label-pill').evaluate((e) => getComputedStyle(e).backgroundColor);
  check(orange === ORANGE_BG, `the pill turned orange on the card face, got ${orange}`);
  await drawer.getByRole('button', { name: 'Done', exact: true }).click();
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });

  // Past due dates: red in "To do"; green in a done column; green once marked complete.
  check((await api(page, 'PATCH', `/api/columns/${done.id}`, { done: true })).status === 200, 'Done marked done');
  check((await api(page, 'PATCH', `/api/columns/${todo.id}`, { wip_limit: null })).status === 200, 'limit cleared');
  const past = '2020-01-01T00:00:00Z';
  for (const [columnId, title] of [[done.id, 'Old news'], [todo.id, 'Late report']]) {
    const created = await api(page, 'POST', `/api/boards/${boardId}/cards`, { column_id: columnId, title, due: past });
    check(created.status === 201, `card ${title} created`);
  }
  await page.reload();
  const oldNews = cardIn(page, 'Done', 'Old news').getByTestId('due-badge');
  await oldNews.waitFor();
  check((await oldNews.getAttribute('data-due-state')) === 'done', 'a past due in a done column is done');
  check((await cardIn(page, 'Done', 'Old news').locator('[data-due-state="overdue"]').count()) === 0, 'and not red');
  const late = cardIn(page, 'To do', 'Late report').getByTestId('due-badge');
  check((await late.getAttribute('data-due-state')) === 'overdue', 'a past due elsewhere is overdue');
  await cardIn(page, 'To do', 'Late report').click();
  await drawer.getByTestId('drawer-due-badge').filter({ hasText: 'Overdue' }).waitFor();
  await drawer.getByRole('checkbox', { name: 'Complete' }).check();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="card"]')].find((c) => c.textContent.includes('Late report'))
      ?.querySelector('[data-testid="due-badge"]')?.dataset.dueState === 'done');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });

  // After a reload: the order, the ticks, the colour and the new card are all still there.
  await page.reload();
  await face().getByTestId('checklist-badge').filter({ hasText: '1/2' }).waitFor();
  // The colours arrive with the project's labels, just after the board.
  await page.waitForFunction(() => document.querySelector('[data-testid="card"] [data-label="Launch"]')?.dataset.color === 'orange');
  await cardIn(page, 'To do', ITEMS[1]).waitFor();
  await face().click();
  await drawer.waitFor();
  await drawer.getByTestId('checklist-item').first().waitFor();
  check((await order()).join('|') === [ITEMS[0], ITEMS[2]].join('|'), 'the order survives a reload');
  check(await drawer.getByRole('checkbox', { name: ITEMS[0], exact: true }).isChecked(), 'the tick survives a reload');

  // An item typed but not added when the drawer closes is added, not lost.
  await drawer.getByTestId('new-item').fill('Open the hatch');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
  await face().getByTestId('checklist-badge').filter({ hasText: '1/3' }).waitFor();
  check(pageErrors.length === 0, `no errors in the page, got:\n  ${pageErrors.join('\n  ')}`);
  passed(browser);
} finally {
  await browser.close();
}
