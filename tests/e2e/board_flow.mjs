// Sign up → create a project → create a board → add three cards → reload: they are still there.
// Usage: node board_flow.mjs <base URL> <screenshots dir>
import { launch, check, passed } from './browser.mjs';

const [baseUrl, shots] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel('Name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill(`ada-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('a long enough password');
  if (shots) await page.screenshot({ path: `${shots}/signup.png` });
  await page.getByRole('button', { name: 'Sign up' }).click();

  await page.getByLabel('New project').fill('Apollo');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.locator('[data-testid="project"]', { hasText: 'Apollo' }).click();
  await page.getByLabel('New board').fill('Sprint 1');
  await page.getByRole('button', { name: 'Create board' }).click();

  const todo = page.locator('[data-testid="column"][data-column-name="To do"]');
  await todo.waitFor();
  for (const title of ['Write the brief', 'Design the lander', 'Book the rocket']) {
    await todo.getByLabel('Card title').fill(title);
    await todo.getByRole('button', { name: 'Add card' }).click();
    await todo.locator('[data-testid="card"]', { hasText: title }).waitFor();
  }
  // All three shown before the screenshot.
  await page.waitForFunction(() =>
    document.querySelectorAll('[data-column-name="To do"] [data-testid="card"]').length === 3);
  if (shots) await page.screenshot({ path: `${shots}/board.png` });

  await page.reload();
  await todo.locator('[data-testid="card"]').first().waitFor();
  const titles = await todo.locator('[data-testid="card"]').allInnerTexts();
  check(titles.length === 3, `three cards after reload, got ${JSON.stringify(titles)}`);
  for (const title of ['Write the brief', 'Design the lander', 'Book the rocket']) {
    check(titles.some((text) => text.includes(title)), `"${title}" survives a reload`);
  }
  passed(browser);
} finally {
  await browser.close();
}
