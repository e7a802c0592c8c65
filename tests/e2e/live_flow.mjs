// Two people on one board, live: each sees the other (presence) and the other's card moves
// within a second without reloading. One goes offline (Chromium's network emulation), both
// move cards meanwhile, the offline one also closes the tab; back online, both boards show
// both moves. Two people type into one description at once and both keep their text.
// Usage: node live_flow.mjs <base URL> <screenshots folder>
import { launch, check, passed } from './browser.mjs';
import { api, cardIn, signUp, signUpWithBoard } from './steps.mjs';

const [baseUrl, screenshots] = process.argv.slice(2);
const SECOND = 1000;

/** Moves a card one column to the right, by keyboard (the board's own shortcut). */
async function moveRight(page, columnName, title) {
  await cardIn(page, columnName, title).focus();
  await page.keyboard.press('Alt+ArrowRight');
}

/** Time until `title` shows in `columnName` on `page` (fails after `within` ms). */
async function arrives(page, columnName, title, within) {
  const started = Date.now();
  await cardIn(page, columnName, title).waitFor({ timeout: within });
  return Date.now() - started;
}

const browser = await launch();
try {
  const adaContext = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  const ada = await adaContext.newPage();
  const titles = ['Shared card', 'Ada offline-time move', 'Grace offline move', 'Notes'];
  const { boardUrl } = await signUpWithBoard(ada, baseUrl, titles);
  const boardId = boardUrl.split('/boards/')[1];
  const projectId = (await api(ada, 'GET', `/api/boards/${boardId}`)).body.project_id;

  const graceContext = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  let grace = await graceContext.newPage();
  const graceEmail = await signUp(grace, baseUrl, 'Grace Hopper');
  const invitation = await api(ada, 'POST', `/api/projects/${projectId}/invitations`, { email: graceEmail, role: 'member' });
  check(invitation.status === 201, `invited: ${invitation.status}`);
  const accepted = await api(grace, 'POST', `/api/invitations/${invitation.body.id}/accept`);
  check(accepted.status === 200, `accepted: ${accepted.status}`);

  await ada.goto(boardUrl);
  await grace.goto(boardUrl);
  for (const page of [ada, grace]) {
    await page.locator('[data-testid="live-status"][data-status="online"]').waitFor();
  }

  // --- Presence: each sees the other.
  await ada.locator('[data-testid="peer"]', { hasText: 'GH' }).waitFor();
  await grace.locator('[data-testid="peer"]', { hasText: 'AL' }).waitFor();

  // --- A move shows on the other board within a second, both ways.
  await moveRight(ada, 'To do', 'Shared card');
  const toGrace = await arrives(grace, 'In progress', 'Shared card', SECOND);
  await moveRight(grace, 'In progress', 'Shared card');
  const toAda = await arrives(ada, 'Done', 'Shared card', SECOND);
  console.log(`a move reached the other browser in ${toGrace} ms and ${toAda} ms`);

  // --- Grace goes offline; both move cards meanwhile; Grace closes her tab while offline.
  await graceContext.setOffline(true);
  await grace.locator('[data-testid="live-status"][data-status="offline"]').waitFor({ timeout: 40 * SECOND });
  await moveRight(grace, 'To do', 'Grace offline move');
  await cardIn(grace, 'In progress', 'Grace offline move').waitFor();
  await moveRight(ada, 'To do', 'Ada offline-time move');
  await cardIn(ada, 'In progress', 'Ada offline-time move').waitFor();
  check((await cardIn(ada, 'To do', 'Grace offline move').count()) === 1, 'Ada does not see the offline move yet');
  await grace.screenshot({ path: `${screenshots}/live-offline.png` });
  await grace.close(); // the move is only in this browser's storage now

  // --- Back online, in a new tab: the kept move reaches the server, and both boards agree.
  await graceContext.setOffline(false);
  grace = await graceContext.newPage();
  await grace.goto(boardUrl);
  await grace.locator('[data-testid="live-status"][data-status="online"]').waitFor();
  for (const page of [ada, grace]) {
    await cardIn(page, 'In progress', 'Grace offline move').waitFor({ timeout: 10 * SECOND });
    await cardIn(page, 'In progress', 'Ada offline-time move').waitFor({ timeout: 10 * SECOND });
  }

  // --- Both type into one description at once; both keep their text (emoji and CJK too).
  for (const page of [ada, grace]) {
    await cardIn(page, 'To do', 'Notes').click();
    await page.getByTestId('collab-description').getByRole('button', { name: /Add a description|Edit/ }).click();
  }
  await ada.locator('#card-description').pressSequentially('Ada: écrire 😀 ');
  await grace.locator('#card-description').pressSequentially('Grace: 日本語 ');
  for (const page of [ada, grace]) {
    await page.waitForFunction(() => {
      const text = document.querySelector('#card-description')?.value ?? '';
      return text.includes('Ada: écrire 😀 ') && text.includes('Grace: 日本語 ');
    });
  }
  // Ada sees where Grace types.
  await ada.locator('[data-testid="peer-caret"]', { hasText: 'Grace Hopper' }).waitFor();
  await ada.screenshot({ path: `${screenshots}/live-description.png` });
  const [adaText, graceText] = await Promise.all(
    [ada, grace].map((page) => page.locator('#card-description').inputValue()),
  );
  check(adaText === graceText, `the same description in both: ${adaText} / ${graceText}`);
  // The server has it too (projected for REST readers).
  await ada.keyboard.press('Escape');
  const view = await api(ada, 'GET', `/api/boards/${boardId}`);
  const notes = view.body.columns.flatMap((c) => c.cards).find((c) => c.title === 'Notes');
  check(notes.description === adaText, `the server's description: ${notes.description}`);

  passed(browser);
} finally {
  await browser.close();
}
