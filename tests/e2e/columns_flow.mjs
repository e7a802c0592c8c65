// The column menu and soft WIP limits, and typed text that is never lost:
// rename a column, set a WIP limit, add to the full column (asked, confirmed, the card is there),
// a refused add keeps its text, a half-typed card survives a reload, mark a done column, delete
// a column moving its cards and an empty one; the last card of a long column is not clipped.
// Usage: node columns_flow.mjs <base URL>
import { launch, check, passed } from './browser.mjs';
import { api, cardIn, column, signUpWithBoard } from './steps.mjs';

const [baseUrl] = process.argv.slice(2);

/** Open a column's menu from the keyboard and choose an item. */
async function chooseFromMenu(page, columnName, item) {
  const button = column(page, columnName).getByRole('button', { name: `Column actions for ${columnName}` });
  check((await button.getAttribute('aria-haspopup')) === 'menu', 'the column menu button says it opens a menu');
  await button.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: `Column actions for ${columnName}` });
  await menu.waitFor();
  check(await button.getAttribute('aria-expanded') === 'true', 'aria-expanded while open');
  // Walk down to the item with the arrow keys, as a keyboard user would.
  const items = menu.locator('[role^="menuitem"]');
  const labels = await items.allInnerTexts();
  const index = labels.findIndex((label) => label.trim().startsWith(item));
  check(index >= 0, `"${item}" in the menu, got ${JSON.stringify(labels)}`);
  for (let i = 0; i < index; i += 1) await page.keyboard.press('ArrowDown');
  check((await items.nth(index).evaluate((el) => el === document.activeElement)), `"${item}" has the focus`);
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'detached' });
}

async function waitForValue(field, value) {
  for (let i = 0; i < 50 && (await field.inputValue()) !== value; i += 1) await field.page().waitForTimeout(100);
  const got = await field.inputValue();
  check(got === value, `the field holds "${value}", got "${got}"`);
}

async function wipOf(page, columnName) {
  const wip = column(page, columnName).getByTestId('wip');
  return { text: (await wip.innerText()).split(',')[0].trim(), state: await wip.getAttribute('data-wip') };
}

const browser = await launch();
try {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const { boardUrl } = await signUpWithBoard(page, baseUrl, ['First', 'Second']);
  const boardId = boardUrl.split('/boards/')[1];

  // Rename "In progress" in place.
  await chooseFromMenu(page, 'In progress', 'Rename');
  const nameField = column(page, 'In progress').getByLabel('Column name');
  check(await nameField.evaluate((el) => el === document.activeElement), 'the name field has the focus');
  await nameField.fill('Doing');
  await nameField.press('Enter');
  await column(page, 'Doing').waitFor();

  // A WIP limit of 1.
  await chooseFromMenu(page, 'Doing', 'WIP limit');
  const wipDialog = page.getByTestId('wip-dialog');
  await wipDialog.getByLabel('Maximum cards').fill('1');
  await wipDialog.getByRole('button', { name: 'Save' }).click();
  await wipDialog.waitFor({ state: 'detached' });
  let wip = await wipOf(page, 'Doing');
  check(wip.text === '0 / 1' && wip.state === 'under', `empty under the limit, got ${JSON.stringify(wip)}`);

  await cardIn(page, 'To do', 'First').dragTo(column(page, 'Doing'));
  await cardIn(page, 'Doing', 'First').waitFor();
  wip = await wipOf(page, 'Doing');
  check(wip.text === '1 / 1' && wip.state === 'at', `amber at the limit, got ${JSON.stringify(wip)}`);

  // Adding to the full column asks, and "Add anyway" adds it.
  const doingTitle = column(page, 'Doing').getByLabel('Card title');
  await doingTitle.fill('Urgent fix');
  await column(page, 'Doing').getByRole('button', { name: 'Add card' }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.waitFor();
  const question = await confirm.getByTestId('confirm-message').innerText();
  check(question === 'Doing is full (1/1). Add anyway?', `the question, got "${question}"`);
  await confirm.getByRole('button', { name: 'Add anyway' }).click();
  await cardIn(page, 'Doing', 'Urgent fix').waitFor();
  await page.waitForFunction(() =>
    document.querySelector('[data-column-name="Doing"] [data-testid="card"][aria-busy]') === null);
  wip = await wipOf(page, 'Doing');
  check(wip.text === '2 / 1' && wip.state === 'over', `red over the limit, got ${JSON.stringify(wip)}`);

  // While a card is dragged over the full column it says "full" and shows where the card would
  // land; dropping asks too, and "Cancel" leaves the card where it was.
  const second = await cardIn(page, 'To do', 'Second').boundingBox();
  const doingCard = await cardIn(page, 'Doing', 'First').boundingBox();
  await page.mouse.move(second.x + 20, second.y + 20);
  await page.mouse.down();
  await page.mouse.move(second.x + 40, second.y + 40, { steps: 3 });
  await page.mouse.move(doingCard.x + 40, doingCard.y + doingCard.height + 2, { steps: 10 });
  await page.mouse.move(doingCard.x + 42, doingCard.y + doingCard.height + 3, { steps: 2 });
  await column(page, 'Doing').getByTestId('column-full').waitFor();
  check((await column(page, 'Doing').getByTestId('column-full').innerText()).toLowerCase() === 'full', 'the full column says "full"');
  await column(page, 'Doing').getByTestId('drop-indicator').waitFor();
  await page.mouse.up();
  await confirm.waitFor();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await cardIn(page, 'To do', 'Second').waitFor();
  check((await column(page, 'Doing').getByTestId('card').count()) === 2, 'nothing moved after Cancel');

  // Offline: the add fails and the title stays in the field.
  const todoTitle = column(page, 'To do').getByLabel('Card title');
  await context.setOffline(true);
  await todoTitle.fill('Written offline');
  await column(page, 'To do').getByRole('button', { name: 'Add card' }).click();
  await page.getByTestId('toast').filter({ hasText: 'Could not add the card' }).first().waitFor();
  await waitForValue(todoTitle, 'Written offline');
  check((await cardIn(page, 'To do', 'Written offline').count()) === 0, 'the refused card is not on the board');
  await context.setOffline(false);

  // A server error (503) keeps the text too.
  await page.route('**/api/boards/*/cards', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'Try again soon.', details: null } }) })
      : route.continue());
  await todoTitle.fill('Written during an outage');
  await todoTitle.press('Enter');
  await page.getByTestId('toast').filter({ hasText: 'Try again soon.' }).waitFor();
  await waitForValue(todoTitle, 'Written during an outage');
  await page.unroute('**/api/boards/*/cards');

  // What is typed but not added survives a reload; once added, the draft is gone.
  await page.reload();
  await column(page, 'To do').waitFor();
  check((await todoTitle.inputValue()) === 'Written during an outage', 'the draft survives a reload');
  await column(page, 'To do').getByRole('button', { name: 'Add card' }).click();
  await cardIn(page, 'To do', 'Written during an outage').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="card"][aria-busy]'));
  await page.reload();
  await cardIn(page, 'To do', 'Written during an outage').waitFor();
  check((await todoTitle.inputValue()) === '', 'the saved draft is cleared');
  check((await column(page, 'Doing').count()) === 1, 'the rename survives a reload');

  // Mark "Done" as the done column.
  await chooseFromMenu(page, 'Done', 'Mark as done column');
  await column(page, 'Done').getByTestId('done-column').waitFor();

  // Delete "Doing", moving its cards to "To do".
  await chooseFromMenu(page, 'Doing', 'Delete');
  const deleteDialog = page.getByTestId('delete-column-dialog');
  await deleteDialog.getByLabel('Move its cards to').selectOption({ label: 'To do' });
  await deleteDialog.getByRole('button', { name: 'Move cards and delete' }).click();
  await column(page, 'Doing').waitFor({ state: 'detached' });
  await cardIn(page, 'To do', 'Urgent fix').waitFor();
  await cardIn(page, 'To do', 'First').waitFor();

  // Delete an empty column (after asking).
  await api(page, 'POST', `/api/boards/${boardId}/columns`, { name: 'Scratch' });
  await page.reload();
  await chooseFromMenu(page, 'Scratch', 'Delete');
  await deleteDialog.getByRole('button', { name: 'Delete column' }).click();
  await column(page, 'Scratch').waitFor({ state: 'detached' });

  await page.reload();
  await cardIn(page, 'To do', 'Urgent fix').waitFor();
  const names = await page.locator('[data-testid="column"]').evaluateAll((els) => els.map((el) => el.dataset.columnName));
  check(JSON.stringify(names) === JSON.stringify(['To do', 'Done']), `columns after the deletes, got ${JSON.stringify(names)}`);
  await column(page, 'Done').getByTestId('done-column').waitFor();
  const board = (await api(page, 'GET', `/api/boards/${boardId}`)).body;
  check(board.columns.find((c) => c.name === 'Done').done === true, 'the done mark is saved');

  // A long column scrolled to its end shows its last card whole.
  const todoId = board.columns.find((c) => c.name === 'To do').id;
  for (let i = 1; i <= 30; i += 1) {
    await api(page, 'POST', `/api/boards/${boardId}/cards`, { column_id: todoId, title: `Filler ${i}` });
  }
  await page.reload();
  await cardIn(page, 'To do', 'First').waitFor();
  const scroller = column(page, 'To do').getByTestId('card-scroller');
  for (let i = 0; i < 5; i += 1) {
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.waitForTimeout(150);
  }
  const last = cardIn(page, 'To do', 'Filler 30');
  await last.waitFor();
  const [cardBox, listBox] = [await last.boundingBox(), await scroller.boundingBox()];
  check(cardBox.y + cardBox.height <= listBox.y + listBox.height - 2,
    `the last card is not clipped: card bottom ${cardBox.y + cardBox.height}, list bottom ${listBox.y + listBox.height}`);
  passed(browser);
} finally {
  await browser.close();
}
