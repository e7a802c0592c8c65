// A second user, invited by email and accepting, sees the board as a viewer without edit
// controls, and a mutation forced from that session is refused (403) with the server's message.
// Usage: node viewer_flow.mjs <base URL> <screenshots dir>
import { launch, check, passed } from './browser.mjs';
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
  // The owner invites by email in the members screen; the viewer accepts from the project list.
  await owner.goto(`${baseUrl}/projects/${projectId}/members`);
  const inviteForm = owner.getByRole('form', { name: 'Invite to the project' });
  await inviteForm.getByLabel('Email').fill(viewerEmail);
  await inviteForm.getByLabel('Role').selectOption('viewer');
  await inviteForm.getByRole('button', { name: 'Invite' }).click();
  await owner.locator(`[data-testid="invitation"][data-invitation-email="${viewerEmail}"]`).waitFor();
  await viewer.goto(`${baseUrl}/`);
  await viewer.getByRole('button', { name: 'Accept the invitation to Apollo' }).click();
  await viewer.locator('[data-testid="project"]', { hasText: 'Apollo' }).waitFor();

  await owner.reload();
  await owner.locator(`[data-testid="member"][data-member-email="${viewerEmail}"]`).waitFor();
  check(
    (await owner.locator('[data-testid="invitation"]').count()) === 0,
    'the accepted invitation is no longer pending',
  );
  if (shots) await owner.screenshot({ path: `${shots}/members.png` });

  await viewer.goto(boardUrl);
  await cardIn(viewer, 'To do', 'Launch checklist').waitFor();
  await viewer.getByTestId('read-only-note').waitFor();
  check((await viewer.getByRole('button', { name: 'Add card' }).count()) === 0, 'no Add card for viewers');
  await cardIn(viewer, 'To do', 'Launch checklist').click();
  const drawer = viewer.getByTestId('card-drawer');
  await drawer.waitFor();
  check(await drawer.getByLabel('Title').isDisabled(), 'the fields are read-only for viewers');
  const ai = drawer.getByTestId('ai-panel');
  await ai.getByText('You can read this card’s AI runs but not start one.').waitFor();
  check(
    (await ai.getByRole('button', { name: 'Draft' }).count()) === 0 && (await ai.getByLabel('Card limit ($)').count()) === 0,
    'no AI actions and no card limit for viewers',
  );

  // Force it: enable the controls in the page and save anyway (fields save when left).
  await drawer.evaluate((element) => {
    for (const control of element.querySelectorAll('input, textarea, button')) control.disabled = false;
  });
  await drawer.getByLabel('Title').fill('Renamed by a viewer');
  await drawer.getByLabel('Title').press('Enter');
  await drawer.getByTestId('save-status').filter({ hasText: 'do not have access' }).waitFor();

  const card = (await api(owner, 'GET', `/api/boards/${boardId}`)).body.columns[0].cards[0];
  check(card.title === 'Launch checklist', `the card is unchanged, got "${card.title}"`);
  passed(browser);
} finally {
  await browser.close();
}
