// A WIP limit the page does not know yet (set elsewhere after the board loaded): the server
// refuses the move (409 with the column's count), the card goes back and the page asks
// "In progress is full (1/1). Add anyway?"; Cancel leaves it, "Add anyway" sends the override.
// Usage: node wip_flow.mjs <base URL>
import { launch, check, passed } from './browser.mjs';
import { api, cardIn, column, signUpWithBoard } from './steps.mjs';

const [baseUrl] = process.argv.slice(2);
const browser = await launch();
try {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const { boardUrl } = await signUpWithBoard(page, baseUrl, ['First', 'Second']);
  const board = (await api(page, 'GET', `/api/boards/${boardUrl.split('/boards/')[1]}`)).body;
  const doing = board.columns.find((c) => c.name === 'In progress');
  await cardIn(page, 'To do', 'First').dragTo(column(page, 'In progress'));
  await cardIn(page, 'In progress', 'First').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="card"][aria-busy]'));
  // Someone else sets the limit; this page still thinks the column has none.
  check((await api(page, 'PATCH', `/api/columns/${doing.id}`, { wip_limit: 1 })).status === 200, 'limit set');

  const confirm = page.getByTestId('confirm-dialog');
  await cardIn(page, 'To do', 'Second').dragTo(column(page, 'In progress'));
  await confirm.waitFor();
  const question = await confirm.getByTestId('confirm-message').innerText();
  check(question === 'In progress is full (1/1). Add anyway?', `the server's count in the question, got "${question}"`);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await cardIn(page, 'To do', 'Second').waitFor();
  check((await column(page, 'In progress').locator('[data-testid="card"]').count()) === 1, 'rolled back');

  await cardIn(page, 'To do', 'Second').dragTo(column(page, 'In progress'));
  await confirm.getByRole('button', { name: 'Add anyway' }).click();
  await cardIn(page, 'In progress', 'Second').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="card"][aria-busy]'));
  await page.reload();
  await cardIn(page, 'In progress', 'Second').waitFor();
  const wip = column(page, 'In progress').getByTestId('wip');
  check((await wip.getAttribute('data-wip')) === 'over', 'red over the limit after the override');
  passed(browser);
} finally {
  await browser.close();
}
