// An accessibility scan (axe-core, WCAG 2.x A and AA rules) of every main page — login,
// projects, project, board, card drawer (its AI panel open), members, AI settings — in the
// light and the dark theme, on a board
// made from the sample template (coloured labels, checklists, due badges, Markdown).
// Fails on any serious or critical violation, listing each with the elements it found.
// Also takes the README's screenshots of that board: desktop light and dark, and a phone.
import { scan } from './axe.mjs';
import { check, launch, passed } from './browser.mjs';
import { api, signUp } from './steps.mjs';

const [baseUrl, screenshots] = process.argv.slice(2);

async function scanTheme(browser, colorScheme, found) {
  const context = await browser.newContext({ baseURL: baseUrl, colorScheme, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').waitFor();
  await scan(page, `${colorScheme} login`, found);

  await signUp(page, baseUrl, 'Ada Lovelace');
  const project = await api(page, 'POST', '/api/projects', { name: 'Apollo' });
  check(project.status === 201, 'project created');
  const board = await api(page, 'POST', `/api/projects/${project.body.id}/boards`, { name: 'Tour', template: 'sample' });
  check(board.status === 201, `sample board created (${board.status})`);
  await page.goto(`${baseUrl}/`);
  await page.getByText('Apollo').first().waitFor();
  await scan(page, `${colorScheme} projects`, found);

  await page.goto(`${baseUrl}/projects/${project.body.id}`);
  await page.getByText('Tour').first().waitFor();
  await scan(page, `${colorScheme} project`, found);

  await page.goto(`${baseUrl}/boards/${board.body.id}`);
  await page.locator('[data-testid="card"]').first().waitFor();
  await scan(page, `${colorScheme} board`, found);
  await page.screenshot({ path: `${screenshots}/board-${colorScheme}.png` });

  const card = board.body.columns.flatMap((c) => c.cards).find((c) => c.checklists.length > 0) ?? board.body.columns[0].cards[0];
  await page.goto(`${baseUrl}/boards/${board.body.id}?card=${card.id}`);
  await page.getByRole('dialog').waitFor();
  await page.getByTestId('ai-actions').waitFor();
  await scan(page, `${colorScheme} card drawer`, found);
  await page.screenshot({ path: `${screenshots}/card-drawer-${colorScheme}.png` });
  if (colorScheme === 'light') await phoneScreenshots(browser, page, board.body.id, card.id);

  await page.goto(`${baseUrl}/projects/${project.body.id}/members`);
  await page.locator('main').getByText('Ada Lovelace').first().waitFor();
  await scan(page, `${colorScheme} members`, found);

  await page.goto(`${baseUrl}/projects/${project.body.id}/ai`);
  await page.getByRole('heading', { name: 'Spending' }).waitFor();
  await scan(page, `${colorScheme} AI settings`, found);
  await context.close();
}

/** The same board on a 390×844 touch phone, signed in as the same person. */
async function phoneScreenshots(browser, desktop, boardId, cardId) {
  const session = await desktop.evaluate(() => localStorage.getItem('projectflow.session'));
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await context.addInitScript((value) => localStorage.setItem('projectflow.session', value), session);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/boards/${boardId}`);
  await page.locator('[data-testid="card"]').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${screenshots}/board-phone.png` });
  await page.goto(`${baseUrl}/boards/${boardId}?card=${cardId}`);
  await page.getByRole('dialog').waitFor();
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${screenshots}/card-drawer-phone.png` });
  await context.close();
}

const browser = await launch();
try {
  const found = [];
  for (const scheme of ['light', 'dark']) await scanTheme(browser, scheme, found);
  check(found.length === 0, `no serious or critical accessibility violations, found:\n  ${found.join('\n  ')}`);
  passed(browser);
} finally {
  await browser.close();
}
