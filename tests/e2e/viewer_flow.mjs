// A second user invited as a viewer sees the board without edit controls, and a mutation forced
// from that session is refused (403) with the server's message on screen.
// Usage: node viewer_flow.mjs <base URL> <screenshots dir>
import { launch, check } from './browser.mjs';
import { api, cardIn, signUp, signUpWithBoard } from './steps.mjs';

const [baseUrl, shots] = process.argv.slice(2);
const browser = await launch();
try {
  const ownerContext = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
  const owner = await ownerContext.newPage();
  const { boardUrl } = await signUpWithBoard(owner, baseUrl, ['Launch checklist']);
  const boardId = boardUrl.split('/boards/')[1];
  const projectId = (await api(owner, 'GET', `/api/boards/${boardId}`)).body.project_id;

  const viewerContext = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
  const viewer = await viewerContext.newPage();
  await viewer.goto(`${baseUrl}/login`);
  if (shots) await viewer.screenshot({ path: `${shots}/login.png` });
  const viewerEmail = await signUp(viewer, baseUrl, 'Vera Viewer');
  const invited = await api(owner, 'POST', `/api/projects/${projectId}/members`, { email: viewerEmail, role: 'viewer' });
  check(invited.status === 201, `invite: ${invited.status}`);

  await owner.goto(`${baseUrl}/projects/${projectId}/members`);
  await owner.locator(`[data-testid="member"][data-member-email="${viewerEmail}"]`).waitFor();
  if (shots) await owner.screenshot({ path: `${shots}/members.png` });

  await viewer.goto(boardUrl);
  await cardIn(viewer, 'To do', 'Launch checklist').waitFor();
  await viewer.getByTestId('read-only-note').waitFor();
  check((await viewer.getByRole('button', { name: 'Add card' }).count()) === 0, 'no Add card for viewers');
  await cardIn(viewer, 'To do', 'Launch checklist').click();
  const drawer = viewer.getByTestId('card-drawer');
  await drawer.waitFor();
  check(await drawer.getByRole('button', { name: 'Save' }).isDisabled(), 'Save is disabled for viewers');

  // Force it: enable the controls in the page and save anyway.
  await drawer.evaluate((element) => {
    for (const control of element.querySelectorAll('input, textarea, button')) control.disabled = false;
  });
  await drawer.getByLabel('Title').fill('Renamed by a viewer');
  await drawer.getByRole('button', { name: 'Save' }).click();
  await viewer.getByTestId('toast').filter({ hasText: 'do not have access' }).waitFor();

  const card = (await api(owner, 'GET', `/api/boards/${boardId}`)).body.columns[0].cards[0];
  check(card.title === 'Launch checklist', `the card is unchanged, got "${card.title}"`);
  console.log('ok');
} finally {
  await browser.close();
}
