// A move refused by a WIP limit rolls back on screen and shows the server's message.
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
  check((await api(page, 'PATCH', `/api/columns/${doing.id}`, { wip_limit: 1 })).status === 200, 'limit set');
  await page.reload();

  await cardIn(page, 'To do', 'First').dragTo(column(page, 'In progress'));
  await cardIn(page, 'In progress', 'First').waitFor();
  await cardIn(page, 'To do', 'Second').dragTo(column(page, 'In progress'));
  await page.getByTestId('toast').filter({ hasText: 'WIP limit of 1' }).waitFor();
  await cardIn(page, 'To do', 'Second').waitFor();
  check((await column(page, 'In progress').locator('[data-testid="card"]').count()) === 1, 'rolled back');
  passed(browser);
} finally {
  await browser.close();
}
