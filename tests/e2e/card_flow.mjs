// Drag a card to "In progress", edit its description, assign it and comment on it in the
// drawer, move a column by keyboard; after a reload all of it is still there.
// Usage: node card_flow.mjs <base URL> <screenshots dir>
import { launch, check, passed } from './browser.mjs';
import { signUpWithBoard, cardIn, column } from './steps.mjs';

const [baseUrl, shots] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signUpWithBoard(page, baseUrl, ['Write the brief', 'Design the lander', 'Book the rocket']);

  await cardIn(page, 'To do', 'Design the lander').dragTo(column(page, 'In progress'));
  await cardIn(page, 'In progress', 'Design the lander').waitFor();

  await cardIn(page, 'In progress', 'Design the lander').click();
  const drawer = page.getByTestId('card-drawer');
  await drawer.waitFor();
  // Fields save themselves (on leaving them, or a pause in typing): there is no Save button.
  await drawer.getByRole('button', { name: 'Add a description…' }).click();
  await drawer.getByLabel('Description').fill('Legs, engine, and a ladder.');
  await drawer.getByTestId('assignees').getByLabel('Ada Lovelace').check();
  await cardIn(page, 'In progress', 'Design the lander').getByTestId('assignee').waitFor();
  await drawer.getByLabel('Comment', { exact: true }).fill('Ladder must reach the surface.');
  await drawer.getByRole('button', { name: 'Add comment' }).click();
  await drawer.getByTestId('comment').filter({ hasText: 'Ladder must reach' }).waitFor();
  if (shots) await page.screenshot({ path: `${shots}/card-drawer.png` });

  await page.keyboard.press('Escape');
  // Columns move too: "Done" one place to the left, by keyboard.
  await page.locator('[data-testid="column"][data-column-name="Done"] [data-testid="column-header"]').focus();
  await page.keyboard.press('Alt+Shift+ArrowLeft');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="column"]')].map((c) => c.dataset.columnName).join() === 'To do,Done,In progress');

  await page.reload();
  await cardIn(page, 'In progress', 'Design the lander').getByTestId('assignee').waitFor();
  const order = await page.locator('[data-testid="column"]').evaluateAll((columns) => columns.map((c) => c.dataset.columnName));
  check(order.join() === 'To do,Done,In progress', `the column order survives a reload, got ${order}`);
  await cardIn(page, 'In progress', 'Design the lander').click();
  await drawer.waitFor();
  check(
    (await drawer.getByTestId('card-description').innerText()).trim() === 'Legs, engine, and a ladder.',
    'the description survives a reload',
  );
  await drawer.getByTestId('comment').filter({ hasText: 'Ladder must reach' }).waitFor();
  check((await cardIn(page, 'To do', 'Design the lander').count()) === 0, 'the card left "To do"');
  passed(browser);
} finally {
  await browser.close();
}
