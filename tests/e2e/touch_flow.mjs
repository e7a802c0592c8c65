// On a 390×844 touch phone: no keyboard-shortcut hints, the filters sit behind a "Filters" button
// with a count badge, a quick swipe on a card scrolls without lifting it, and a long press
// lifts the card so the finger can carry it to another column.
// Usage: node touch_flow.mjs <base URL>
import { launch, check, passed } from './browser.mjs';
import { api, cardIn, column, signUpWithBoard } from './steps.mjs';

const [baseUrl] = process.argv.slice(2);

/** A finger on the screen, through the DevTools protocol (real touch, pointer and scroll events). */
function finger(cdp) {
  const send = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
  return {
    down: (x, y) => send('touchStart', [{ x, y }]),
    move: (x, y) => send('touchMove', [{ x, y }]),
    up: () => send('touchEnd', []),
  };
}

async function centre(locator) {
  const box = await locator.boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, box };
}

const browser = await launch();
try {
  const desk = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
  const setup = await desk.newPage();
  const { boardUrl } = await signUpWithBoard(setup, baseUrl, ['Stay here', 'Carry me']);
  const boardId = boardUrl.split('/boards/')[1];
  const session = await setup.evaluate(() => localStorage.getItem('projectflow.session'));

  const phone = await browser.newContext({
    baseURL: baseUrl, viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true,
  });
  await phone.addInitScript((value) => localStorage.setItem('projectflow.session', value), session);
  const page = await phone.newPage();
  await page.goto(`${baseUrl}/boards/${boardId}`);
  await cardIn(page, 'To do', 'Carry me').waitFor();

  check(await page.evaluate(() => matchMedia('(hover: none) and (pointer: coarse)').matches), 'a touch device');
  check((await page.getByTestId('shortcuts-button').count()) === 0, 'no shortcut hints on touch');
  const filtersButton = page.getByTestId('filters-button');
  await filtersButton.waitFor();
  check((await page.getByLabel('Due').count()) === 0, 'the filters are behind the button');
  await filtersButton.click();
  const sheet = page.getByTestId('filter-sheet');
  await sheet.getByLabel('Due').selectOption({ label: 'No due date' });
  await sheet.getByRole('button', { name: /^Show 2 cards$/ }).click();
  await sheet.waitFor({ state: 'detached' });
  check((await page.getByTestId('filters-badge').innerText()).includes('1'), 'the badge counts the active filter');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByTestId('filters-badge').waitFor({ state: 'detached' });

  // Bring "In progress" into view beside the end of "To do" (a 390 px screen shows one column).
  const target = column(page, 'In progress');
  const board = page.getByTestId('board-columns');
  const targetBox = await target.boundingBox();
  await board.evaluate((el, by) => (el.scrollLeft += by), targetBox.x - 130);
  await page.waitForTimeout(200);
  const cdp = await phone.newCDPSession(page);
  const touch = finger(cdp);
  const card = cardIn(page, 'To do', 'Carry me');
  const from = await centre(card);
  const startX = Math.min(from.box.x + from.box.width - 20, 100);
  check(startX > 50, `the card is on screen to touch (x ${startX})`);

  // A quick swipe is a scroll: nothing lifts.
  await touch.down(startX, from.y);
  for (let i = 1; i <= 5; i += 1) await touch.move(startX, from.y - i * 12);
  await touch.up();
  await page.waitForTimeout(500);
  check((await page.getByTestId('drag-ghost').count()) === 0, 'a swipe does not lift the card');
  await cardIn(page, 'To do', 'Carry me').waitFor();

  // A long press lifts it; the finger carries it to "In progress".
  const again = await centre(card);
  await touch.down(startX, again.y);
  await page.waitForTimeout(600);
  await page.getByTestId('drag-ghost').waitFor();
  const to = await centre(target);
  const steps = 12;
  for (let i = 1; i <= steps; i += 1) {
    await touch.move(startX + ((to.x - startX) * i) / steps, again.y + ((to.y - again.y) * i) / steps);
    await page.waitForTimeout(16);
  }
  await target.getByTestId('drop-indicator').waitFor();
  await touch.up();
  await cardIn(page, 'In progress', 'Carry me').waitFor();
  await page.getByTestId('drag-ghost').waitFor({ state: 'detached' });
  check((await page.getByTestId('card-drawer').count()) === 0, 'lifting the finger does not open the card');

  await page.waitForFunction(() => !document.querySelector('[data-testid="card"][aria-busy]'));
  await page.reload();
  await cardIn(page, 'In progress', 'Carry me').waitFor();
  check((await cardIn(page, 'To do', 'Carry me').count()) === 0, 'the move is saved');
  passed(browser);
} finally {
  await browser.close();
}
