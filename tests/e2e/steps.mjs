// Steps the flows share.
export const PASSWORD = 'a long enough password';

export function column(page, name) {
  return page.locator(`[data-testid="column"][data-column-name="${name}"]`);
}

export function cardIn(page, columnName, title) {
  return column(page, columnName).locator('[data-testid="card"]', { hasText: title });
}

export async function signUp(page, baseUrl, name) {
  const email = `${name.split(' ')[0].toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`;
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByLabel('New project').waitFor();
  return email;
}

/** A new account with project "Apollo" and board "Sprint 1" holding `titles` in "To do". */
export async function signUpWithBoard(page, baseUrl, titles) {
  const email = await signUp(page, baseUrl, 'Ada Lovelace');
  await page.getByLabel('New project').fill('Apollo');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.locator('[data-testid="project"]', { hasText: 'Apollo' }).click();
  await page.getByLabel('New board').fill('Sprint 1');
  await page.getByRole('button', { name: 'Create board' }).click();
  const todo = column(page, 'To do');
  await todo.waitFor();
  for (const title of titles) {
    await todo.getByLabel('Card title').fill(title);
    await todo.getByRole('button', { name: 'Add card' }).click();
    await cardIn(page, 'To do', title).waitFor();
  }
  return { email, boardUrl: page.url() };
}

/** The signed-in user's bearer token, as the app keeps it. */
export async function tokenOf(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('projectflow.session')).token);
}

/** Call the API as the page's user (for setting up what the UI does not offer yet). */
export async function api(page, method, path, body) {
  const token = await tokenOf(page);
  const response = await page.request.fetch(path, {
    method,
    headers: { Authorization: `Bearer ${token}` },
    data: body,
  });
  return { status: response.status(), body: await response.json().catch(() => null) };
}
