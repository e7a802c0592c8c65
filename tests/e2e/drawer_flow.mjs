// The card drawer never loses what was typed, renders Markdown safely, and moves cards on a phone:
// - a description typed and closed with Escape is saved (a reload shows it, rendered: headings,
//   task list, table) while its <script>, <img onerror> and javascript: link show as text and
//   never run;
// - a title saves while typing, with no Save button;
// - offline, a save fails with "Couldn't save", the text stays, closing (Escape, Back) asks first, and the draft
//   survives the page going away; back online, the reopened card has it and Escape saves it;
// - Ctrl+Enter posts a comment; a comment that cannot be posted stays in the box; one's own
//   comment can be edited ("(edited)") and deleted;
// - at 390×844 with touch, the drawer fits the screen and "Move to…" moves the card to another
//   column (asking first when that column is full) and to another board of the project.
// Usage: node drawer_flow.mjs <base URL>
import { launch, check, passed } from './browser.mjs';
import { api, cardIn, column, signUpWithBoard } from './steps.mjs';

const [baseUrl] = process.argv.slice(2);

const DESCRIPTION = [
  '# Plan',
  '',
  'Legs, **engine**, and a ladder.',
  '',
  '- [x] engine',
  '- [ ] ladder',
  '',
  '| part | mass |',
  '| --- | --- |',
  '| legs | 40 |',
  '',
  '<script>window.__pwned = "script"</script>',
  '',
  '<img src="x" onerror="window.__pwned = \'img\'">',
  '',
  '[a trap](javascript:window.__pwned=\'link\') and [the docs](https://example.com/docs)',
].join('\n');

/** The card's drawer: opened by a click, unless the address (?card=) opened it already. */
async function openCard(page, columnName, title) {
  const drawer = page.getByTestId('card-drawer');
  await cardIn(page, columnName, title).waitFor();
  if (!(await drawer.isVisible())) await cardIn(page, columnName, title).click();
  await drawer.waitFor();
  return drawer;
}

async function eventually(condition, what, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    check(Date.now() < deadline, what);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitForStatus(drawer, status) {
  await drawer.locator(`[data-testid="save-status"][data-status="${status}"]`).waitFor({ timeout: 10000 });
}

/** Wait until a field holds `value` (the page updates it after the server answers). */
async function waitForValue(field, value, message) {
  const handle = await field.elementHandle();
  await field.page().waitForFunction(([element, expected]) => element.value === expected, [handle, value], { timeout: 10000 })
    .catch(async () => check(false, `${message}, got "${await field.inputValue()}"`));
}

async function cardById(page, boardId, cardId) {
  const board = (await api(page, 'GET', `/api/boards/${boardId}`)).body;
  return board.columns.flatMap((c) => c.cards).find((card) => card.id === cardId);
}

const browser = await launch();
try {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const { boardUrl } = await signUpWithBoard(page, baseUrl, ['Design the lander', 'Book the rocket', 'Fuel up']);
  // The cards show at once; wait until the server has them all.
  await page.waitForFunction(() => !document.querySelector('[data-testid="card"][aria-busy="true"]'));
  const boardId = boardUrl.split('/boards/')[1].split('?')[0];
  const board = (await api(page, 'GET', `/api/boards/${boardId}`)).body;
  const ids = Object.fromEntries(board.columns[0].cards.map((card) => [card.title, card.id]));

  // --- Type a description, press Escape: it is saved, not thrown away.
  let drawer = await openCard(page, 'To do', 'Design the lander');
  check((await drawer.getByRole('button', { name: 'Save', exact: true }).count()) === 0, 'no Save button: fields save themselves');
  await drawer.getByRole('button', { name: 'Add a description…' }).click();
  await drawer.getByLabel('Description').fill(DESCRIPTION);
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
  // Typed into the board's live document: stored as it is typed (the server has it in moments).
  await eventually(async () => (await cardById(page, boardId, ids['Design the lander'])).description === DESCRIPTION, 'the description was saved');

  await page.reload();
  drawer = await openCard(page, 'To do', 'Design the lander');
  const rendered = drawer.getByTestId('card-description');
  await rendered.locator('h4', { hasText: 'Plan' }).waitFor(); // "#" sits under the drawer's h3 sections
  check((await rendered.locator('strong', { hasText: 'engine' }).count()) === 1, 'emphasis renders');
  const boxes = await rendered.locator('li input[type="checkbox"]').evaluateAll((inputs) => inputs.map((i) => [i.checked, i.disabled]));
  check(JSON.stringify(boxes) === '[[true,true],[false,true]]', `a read-only task list renders, got ${JSON.stringify(boxes)}`);
  check((await rendered.locator('table td', { hasText: 'legs' }).count()) === 1, 'a table renders');
  check((await rendered.locator('script, img, [onerror]').count()) === 0, 'no script, image or handler reaches the page');
  check((await rendered.innerText()).includes('<img src="x" onerror='), 'typed HTML shows as the text it is');
  const links = await rendered.locator('a').evaluateAll((anchors) => anchors.map((a) => [a.textContent, a.getAttribute('href'), a.rel]));
  check(
    JSON.stringify(links) === JSON.stringify([['a trap', null, ''], ['the docs', 'https://example.com/docs', 'noopener noreferrer']]),
    `the javascript: link lost its href and the other opens safely, got ${JSON.stringify(links)}`,
  );
  check((await page.evaluate(() => window.__pwned)) === undefined, 'nothing injected ran');

  // --- The title saves while typing (a pause is enough), no blur, no button.
  await drawer.getByLabel('Title').fill('Design the lunar lander');
  await waitForStatus(drawer, 'saved');
  check((await cardById(page, boardId, ids['Design the lander'])).title === 'Design the lunar lander', 'the title saved while typing');
  await cardIn(page, 'To do', 'Design the lunar lander').waitFor();

  // --- Comments: Ctrl+Enter posts, Markdown renders, one's own can be edited and deleted.
  await drawer.getByLabel('Comment', { exact: true }).fill('Ladder must reach the **surface**.');
  await drawer.getByLabel('Comment', { exact: true }).press('Control+Enter');
  const comment = drawer.getByTestId('comment').filter({ hasText: 'Ladder must reach' });
  await comment.locator('strong', { hasText: 'surface' }).waitFor();
  await waitForValue(drawer.getByLabel('Comment', { exact: true }), '', 'the box empties once posted');
  const mine = drawer.locator(`[data-testid="comment"][data-comment-id="${await comment.getAttribute('data-comment-id')}"]`);
  await mine.getByRole('button', { name: 'Edit' }).click();
  await mine.getByLabel('Edit comment').fill('Ladder must reach the ground.');
  await mine.getByLabel('Edit comment').press('Control+Enter');
  await mine.getByTestId('comment-edited').waitFor();
  check((await mine.innerText()).includes('Ladder must reach the ground.'), 'the edited text shows');
  await drawer.getByLabel('Comment', { exact: true }).fill('A second thought');
  await drawer.getByLabel('Comment', { exact: true }).press('Control+Enter');
  const second = drawer.getByTestId('comment').filter({ hasText: 'A second thought' });
  await second.getByRole('button', { name: 'Delete' }).click();
  await second.getByRole('button', { name: 'Delete comment' }).click();
  await second.waitFor({ state: 'detached' });
  // A comment being written survives a reload.
  await drawer.getByLabel('Comment', { exact: true }).fill('Half a thought');
  await page.reload();
  drawer = await openCard(page, 'To do', 'Design the lunar lander');
  check((await drawer.getByLabel('Comment', { exact: true }).inputValue()) === 'Half a thought', 'the comment draft survives a reload');
  check((await drawer.getByTestId('comment').count()) === 1, 'one comment left after the delete');
  await drawer.getByLabel('Comment', { exact: true }).fill('');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });

  // --- Offline: the title's save fails visibly, the text stays, closing asks, a failed post
  // keeps its text; the description, part of the board's live document, is kept in the browser.
  drawer = await openCard(page, 'To do', 'Book the rocket');
  await drawer.getByRole('button', { name: 'Add a description…' }).click();
  await context.setOffline(true);
  await drawer.getByLabel('Description').fill('Offline words');
  await drawer.getByLabel('Title').fill('Book the rocket offline');
  await waitForStatus(drawer, 'failed');
  check((await drawer.getByTestId('save-status').innerText()).includes('Couldn’t save'), 'the drawer says it could not save');
  check((await drawer.getByLabel('Title').inputValue()) === 'Book the rocket offline', 'the text stays in the field');
  await page.keyboard.press('Escape');
  await drawer.getByTestId('discard-prompt').waitFor();
  await drawer.getByRole('button', { name: 'Keep editing' }).click();
  check(await drawer.isVisible(), 'keeping on editing keeps the drawer open');
  // Back asks too, and stays on the card until the person decides.
  await page.evaluate(() => history.back());
  await drawer.getByTestId('discard-prompt').waitFor();
  await page.waitForURL(/[?&]card=/);
  await drawer.getByRole('button', { name: 'Keep editing' }).click();
  await drawer.getByLabel('Comment', { exact: true }).fill('Posted while offline');
  await drawer.getByLabel('Comment', { exact: true }).press('Control+Enter');
  await page.getByTestId('toast').filter({ hasText: 'Could not post the comment' }).waitFor();
  check((await drawer.getByLabel('Comment', { exact: true }).inputValue()) === 'Posted while offline', 'a failed post keeps the comment');
  // The tab goes away before the connection comes back: the text is on this device.
  await page.close();
  await context.setOffline(false);
  const again = await context.newPage();
  again.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await again.goto(boardUrl);
  drawer = await openCard(again, 'To do', 'Book the rocket');
  await waitForStatus(drawer, 'restored');
  check((await drawer.getByLabel('Title').inputValue()) === 'Book the rocket offline', 'the unsaved title came back');
  check((await drawer.getByLabel('Comment', { exact: true }).inputValue()) === 'Posted while offline', 'the unposted comment came back');
  // The description typed offline went to the server once the board was open again.
  await drawer.getByTestId('card-description').filter({ hasText: 'Offline words' }).waitFor();
  await again.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
  const saved = await cardById(again, boardId, ids['Book the rocket']);
  check(saved.title === 'Book the rocket offline', 'closing saved the restored title');
  check(saved.description === 'Offline words', `the offline description reached the server, got ${saved.description}`);
  check(dialogs.length === 0, `no browser dialogs (alerts, leave prompts), got ${dialogs}`);

  // --- A phone: the drawer fits, "Move to…" moves the card (asking at a full column) and moves
  // it to another board.
  const doneColumn = board.columns.find((c) => c.name === 'Done');
  check((await api(again, 'PATCH', `/api/columns/${doneColumn.id}`, { wip_limit: 1 })).status === 200, 'limit set');
  const fuel = ids['Fuel up'];
  check((await api(again, 'POST', `/api/cards/${fuel}/move`, { column_id: doneColumn.id })).status === 200, 'Done holds one card');
  const other = await api(again, 'POST', `/api/projects/${board.project_id}/boards`, { name: 'Sprint 2' });
  check(other.status === 201, `a second board, got ${other.status}`);

  const phone = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 3,
    storageState: await context.storageState(),
  });
  const mobile = await phone.newPage();
  await mobile.goto(boardUrl);
  await cardIn(mobile, 'To do', 'Design the lunar lander').tap();
  drawer = mobile.getByTestId('card-drawer');
  await drawer.waitFor();
  const box = await drawer.boundingBox();
  const width = await mobile.evaluate(() => window.innerWidth);
  check(box.x >= 0 && box.x + box.width <= width, `the drawer fits the screen: ${box.x}..${box.x + box.width} of ${width}`);
  const close = await drawer.getByRole('button', { name: 'Close' }).boundingBox();
  check(close.x + close.width <= width && close.y >= 0, 'the close button is on screen');

  await drawer.getByRole('button', { name: 'Move to…' }).tap();
  await drawer.getByLabel('Column').selectOption({ label: 'In progress' });
  await drawer.getByLabel('Position').selectOption({ label: 'Top' });
  await drawer.getByRole('button', { name: 'Move', exact: true }).tap();
  await cardIn(mobile, 'In progress', 'Design the lunar lander').waitFor({ state: 'attached' });
  check((await cardIn(mobile, 'To do', 'Design the lunar lander').count()) === 0, 'the card left "To do"');

  await drawer.getByRole('button', { name: 'Move to…' }).tap();
  await drawer.getByLabel('Column').selectOption({ label: 'Done (1/1)' });
  await drawer.getByRole('button', { name: 'Move', exact: true }).tap();
  await drawer.getByText('Done is full (1/1). Move anyway?').waitFor();
  await drawer.getByRole('button', { name: 'Move anyway' }).tap();
  await cardIn(mobile, 'Done', 'Design the lunar lander').waitFor({ state: 'attached' });

  await drawer.getByRole('button', { name: 'Move to…' }).tap();
  await drawer.getByLabel('Board').selectOption({ label: 'Sprint 2' });
  await drawer.getByLabel('Column').selectOption({ label: 'To do' });
  await drawer.getByRole('button', { name: 'Move', exact: true }).tap();
  await drawer.waitFor({ state: 'detached' });
  await cardIn(mobile, 'Done', 'Design the lunar lander').waitFor({ state: 'detached' });
  const moved = (await api(mobile, 'GET', `/api/boards/${other.body.id}`)).body;
  const landed = moved.columns.find((c) => c.name === 'To do').cards.map((card) => card.title);
  check(landed.includes('Design the lunar lander'), `the card is on Sprint 2, got ${landed}`);
  check((await column(mobile, 'Done').locator('[data-testid="card"]').count()) === 1, 'only "Fuel up" is left in Done');
  passed(browser);
} finally {
  await browser.close();
}
