// The app shell: on a wide screen the board takes the window's width and the page never scrolls
// sideways (the board scrolls its columns itself); the sidebar remembers being hidden; the board
// switcher changes boards; pages are titled; an owner never sees the viewer's board while the
// role loads; a deep link opened logged out comes back after logging in; an unknown address is a
// 404 with a way back; on a phone the sidebar is a drawer that navigates.
// Usage: node shell_flow.mjs <base URL>
import { launch, check, passed } from './browser.mjs';
import { PASSWORD, api, cardIn, signUpWithBoard } from './steps.mjs';

const [baseUrl] = process.argv.slice(2);
const PRODUCT = 'ProjectFlow AI';

/** The document's sideways overflow in pixels (0: no horizontal page scroll). */
function pageOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The element that scrolls the board's columns sideways: its width and how far it scrolls. */
function boardArea(page) {
  return page.evaluate(() => {
    let element = document.querySelector('[data-testid="column"]');
    while (element && !['auto', 'scroll'].includes(getComputedStyle(element).overflowX)) element = element.parentElement;
    return element && { width: element.clientWidth, scrolls: element.scrollWidth > element.clientWidth };
  });
}

async function waitForTitle(page, title) {
  await page.waitForFunction((expected) => document.title === expected, title).catch(async () => {
    throw new Error(`expected the title "${title}", got "${await page.title()}"`);
  });
}

async function logIn(page, email) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

const browser = await launch();
try {
  // --- A wide screen: the board uses the width, the page does not scroll sideways.
  const desk = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 } });
  const page = await desk.newPage();
  const { email, boardUrl } = await signUpWithBoard(page, baseUrl, ['Write the brief']);
  const boardId = boardUrl.split('/boards/')[1];
  // The card shows at once; wait until the server has it too.
  let cardId;
  while (!cardId) cardId = (await api(page, 'GET', `/api/boards/${boardId}`)).body.columns[0].cards[0]?.id;
  for (const name of ['Review', 'Testing', 'Staging', 'Release', 'Follow-up']) {
    check((await api(page, 'POST', `/api/boards/${boardId}/columns`, { name })).status === 201, `column ${name} added`);
  }
  await page.reload();
  await page.locator('[data-testid="column"][data-column-name="Follow-up"]').waitFor();
  await waitForTitle(page, `Sprint 1 · Apollo — ${PRODUCT}`);
  const area = await boardArea(page);
  check(area && area.width > 1120, `the board area is wider than 1,120 px, got ${area?.width}`);
  check(area.scrolls, 'eight columns scroll inside the board area');
  check((await pageOverflow(page)) <= 0, `no horizontal page scroll, got ${await pageOverflow(page)} px`);
  check(
    (await page.getByTestId('header-project').innerText()) === 'Apollo',
    'the header names the board’s project',
  );
  await page.getByTestId('sidebar').getByRole('link', { name: 'Sprint 1' }).waitFor();

  // Hidden, the sidebar leaves the board even more room; it stays hidden after a reload.
  await page.getByRole('button', { name: 'Hide sidebar' }).click();
  await page.getByTestId('sidebar').waitFor({ state: 'hidden' });
  await page.reload();
  await page.locator('[data-testid="column"]').first().waitFor();
  check(!(await page.getByTestId('sidebar').isVisible()), 'the sidebar stays hidden after a reload');
  const wider = await boardArea(page);
  check(wider.width > area.width, `hiding the sidebar widens the board (${area.width} → ${wider.width})`);
  await page.getByRole('button', { name: 'Show sidebar' }).click();
  await page.getByTestId('sidebar').waitFor();

  // A second board, then back to the first with the switcher in the header.
  await page.getByTestId('header-project').click();
  await waitForTitle(page, `Apollo — ${PRODUCT}`);
  await page.getByLabel('New board').fill('Roadmap');
  await page.getByRole('button', { name: 'Create board' }).click();
  await waitForTitle(page, `Roadmap · Apollo — ${PRODUCT}`);
  await page.getByTestId('sidebar').getByRole('link', { name: 'Roadmap' }).waitFor();
  const roadmapUrl = page.url();
  await page.getByRole('button', { name: 'Switch board' }).click();
  await page.getByTestId('board-switcher').getByRole('link', { name: 'Sprint 1' }).click();
  await cardIn(page, 'To do', 'Write the brief').waitFor();
  check(page.url() === boardUrl, `the switcher went to Sprint 1, got ${page.url()}`);
  await waitForTitle(page, `Sprint 1 · Apollo — ${PRODUCT}`);

  // The owner's board stays a skeleton until the role is known: never the viewer's board first.
  let releaseRole;
  const roleHeld = new Promise((resolve) => (releaseRole = resolve));
  await page.route('**/api/projects/*', async (route) => {
    await roleHeld;
    await route.continue();
  });
  await page.reload();
  await page.getByTestId('skeleton').waitFor();
  await page.waitForTimeout(300);
  check((await page.locator('[data-testid="column"]').count()) === 0, 'no columns before the role is known');
  check((await page.getByTestId('read-only-note').count()) === 0, 'no viewer note for an owner');
  releaseRole();
  await page.locator('[data-testid="column"][data-column-name="To do"]').getByRole('button', { name: 'Add card' }).waitFor();
  await page.unroute('**/api/projects/*');

  // --- An unknown address: a 404 page, titled, with a way back.
  await page.goto(`${baseUrl}/no/such/page`);
  await page.getByTestId('error-page').getByRole('heading', { name: 'Page not found' }).waitFor();
  await waitForTitle(page, `Page not found — ${PRODUCT}`);
  await page.getByRole('link', { name: 'Back to your projects' }).click();
  await page.locator('[data-testid="project"]', { hasText: 'Apollo' }).waitFor();

  // --- A deep link opened logged out comes back after logging in.
  const fresh = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
  const guest = await fresh.newPage();
  const deepLink = `${boardUrl}?card=${cardId}`;
  await guest.goto(deepLink);
  await guest.waitForURL((url) => url.pathname === '/login');
  const next = new URL(guest.url()).searchParams.get('next');
  check(next === `/boards/${boardId}?card=${cardId}`, `the login page keeps the deep link, got ${next}`);
  await waitForTitle(guest, `Log in — ${PRODUCT}`);
  await logIn(guest, email);
  await guest.waitForURL((url) => url.pathname === `/boards/${boardId}`);
  check(new URL(guest.url()).searchParams.get('card') === cardId, `back on the deep link, got ${guest.url()}`);
  await cardIn(guest, 'To do', 'Write the brief').waitFor();
  // Only paths of this app are followed.
  await guest.goto(`${baseUrl}/login?next=${encodeURIComponent('//evil.example/x')}`);
  await guest.waitForURL((url) => url.origin === baseUrl && url.pathname === '/');

  // --- A phone: the sidebar is a drawer, opened from the menu button, that navigates.
  const phone = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const mobile = await phone.newPage();
  await mobile.goto(`${baseUrl}/login?next=${encodeURIComponent(`/boards/${boardId}`)}`);
  await logIn(mobile, email);
  await cardIn(mobile, 'To do', 'Write the brief').waitFor();
  check((await pageOverflow(mobile)) <= 0, `no horizontal page scroll on a phone, got ${await pageOverflow(mobile)} px`);
  check(!(await mobile.getByTestId('sidebar').isVisible()), 'the drawer starts closed');
  await mobile.getByRole('button', { name: 'Open navigation' }).tap();
  const drawer = mobile.getByRole('dialog', { name: 'Navigation' });
  await drawer.waitFor();
  await mobile.getByTestId('sidebar-backdrop').waitFor();
  await drawer.getByRole('link', { name: 'Roadmap' }).tap();
  await mobile.waitForURL(roadmapUrl);
  await waitForTitle(mobile, `Roadmap · Apollo — ${PRODUCT}`);
  await mobile.getByTestId('sidebar').waitFor({ state: 'hidden' });
  // The backdrop closes it too.
  await mobile.getByRole('button', { name: 'Open navigation' }).tap();
  await drawer.waitFor();
  await mobile.getByTestId('sidebar-backdrop').tap({ position: { x: 370, y: 400 } });
  await mobile.getByTestId('sidebar').waitFor({ state: 'hidden' });
  passed(browser);
} finally {
  await browser.close();
}
