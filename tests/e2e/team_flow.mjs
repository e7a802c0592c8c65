// Inviting someone with no account: the owner invites an email that has none, copies the
// invitation link (e-mail is not required to exist), and someone in another browser opens it,
// sees what it offers without signing in, signs up with a DIFFERENT email, comes back to the link,
// joins and lands in the project as a member. A used link, and a link replaced by "Copy new link",
// say clearly that they no longer work. A member sees no invite, revoke or role controls.
// Usage: node team_flow.mjs <base URL>
import { launch, check, passed } from './browser.mjs';
import { PASSWORD, api, signUpWithBoard } from './steps.mjs';

const [baseUrl] = process.argv.slice(2);
const unique = () => `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

/** Invites `email` as `role` on the members page and returns the link it shows. */
async function invite(page, email, role) {
  const form = page.getByRole('form', { name: 'Invite to the project' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Role').selectOption(role);
  await form.getByRole('button', { name: 'Invite' }).click();
  const created = page.getByTestId('invite-created');
  await created.filter({ hasText: email }).waitFor();
  return created.getByTestId('invite-link-url').inputValue();
}

const browser = await launch();
try {
  const ownerContext = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  await ownerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const owner = await ownerContext.newPage();
  const { boardUrl } = await signUpWithBoard(owner, baseUrl, ['Launch checklist']);
  const projectId = (await api(owner, 'GET', `/api/boards/${boardUrl.split('/boards/')[1]}`)).body.project_id;

  // --- Invite an address that has no account (and need not exist), and copy the link.
  await owner.goto(`${baseUrl}/projects/${projectId}/members`);
  await owner.getByText('is not required to exist').waitFor();
  const invited = `nobody-${unique()}@nowhere.example`;
  const link = await invite(owner, invited, 'member');
  check(link.startsWith(`${baseUrl}/invite/`), `the link is <origin>/invite/<token>, got ${link}`);
  await owner.getByTestId('invite-created').getByRole('button', { name: 'Copy link' }).click();
  await owner.getByText('Copied to the clipboard.').waitFor();
  const copied = await owner.evaluate(() => navigator.clipboard.readText());
  check(copied === link, `the clipboard holds the link, got ${copied}`);
  const pending = owner.locator(`[data-testid="invitation"][data-invitation-email="${invited}"]`);
  await pending.getByRole('button', { name: `Copy a new link for ${invited}` }).waitFor();
  await pending.getByRole('button', { name: `Revoke the invitation for ${invited}` }).waitFor();

  // --- Someone else opens it in a fresh browser: the offer shows without signing in.
  const guestContext = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  const guest = await guestContext.newPage();
  await guest.goto(link);
  const offer = guest.getByTestId('invite-offer');
  await offer.waitFor();
  const offered = await offer.innerText();
  check(offered.includes('Ada Lovelace') && offered.includes('Apollo') && offered.includes('member'), `the offer: ${offered}`);
  check((await guest.title()).startsWith('Join Apollo'), `the page is titled, got "${await guest.title()}"`);

  // Signs up with a different email, and comes back to the link.
  await guest.getByRole('link', { name: 'Sign up' }).click();
  await guest.waitForURL(/\/signup\?next=/);
  const guestEmail = `grace-${unique()}@example.com`;
  await guest.getByLabel('Name').fill('Grace Hopper');
  await guest.getByLabel('Email').fill(guestEmail);
  await guest.getByLabel('Password').fill(PASSWORD);
  await guest.getByRole('button', { name: 'Sign up' }).click();
  await guest.waitForURL((url) => url.pathname.startsWith('/invite/'));
  await guest.getByRole('button', { name: 'Join Apollo' }).click();
  await guest.waitForURL(`${baseUrl}/projects/${projectId}`);
  await guest.locator('[data-testid="board"]', { hasText: 'Sprint 1' }).waitFor();

  // The owner sees a member, and no pending invitation.
  await owner.reload();
  const member = owner.locator(`[data-testid="member"][data-member-email="${guestEmail}"]`);
  await member.waitFor();
  check((await owner.locator(`[data-testid="invitation"][data-invitation-email="${invited}"]`).count()) === 0, 'no longer pending');
  const role = (await api(owner, 'GET', `/api/projects/${projectId}/members`)).body.find((m) => m.email === guestEmail)?.role;
  check(role === 'member', `joined as member, got ${role}`);

  // --- A used link says so.
  const stranger = await browser.newPage({ baseURL: baseUrl });
  await stranger.goto(link);
  const dead = stranger.getByTestId('invite-unknown');
  await dead.waitFor();
  await stranger.getByRole('heading', { name: 'This invitation link does not work' }).waitFor();
  check((await dead.innerText()).includes('already used'), `the server says why: ${await dead.innerText()}`);

  // --- "Copy new link": the old link stops working, the new one works.
  const later = `later-${unique()}@nowhere.example`;
  const oldLink = await invite(owner, later, 'viewer');
  const row = owner.locator(`[data-testid="invitation"][data-invitation-email="${later}"]`);
  await row.getByRole('button', { name: `Copy a new link for ${later}` }).click();
  await row.getByText('stops working').waitFor();
  await row.getByRole('button', { name: 'Make a new link' }).click();
  const newLink = await row.getByTestId('invite-link-url').inputValue();
  check(newLink !== oldLink && newLink.startsWith(`${baseUrl}/invite/`), `a new link, got ${newLink}`);
  check((await owner.evaluate(() => navigator.clipboard.readText())) === newLink, 'the new link was copied');
  await stranger.goto(oldLink);
  await stranger.getByTestId('invite-unknown').waitFor();
  await stranger.goto(newLink);
  await stranger.getByTestId('invite-offer').filter({ hasText: 'viewer' }).waitFor();
  await stranger.getByRole('link', { name: 'Log in' }).waitFor();

  // --- A member manages nobody: no invite form, no revoke or new-link buttons, no role selects.
  await guest.goto(`${baseUrl}/projects/${projectId}/members`);
  await guest.locator(`[data-testid="member"][data-member-email="${guestEmail}"]`).waitFor();
  check((await guest.getByRole('form', { name: 'Invite to the project' }).count()) === 0, 'no invite form for a member');
  check((await guest.getByRole('button', { name: /Revoke|Copy a new link|Remove/ }).count()) === 0, 'no invitation controls');
  check((await guest.getByRole('combobox').count()) === 0, 'no role selects for a member');
  passed(browser);
} finally {
  await browser.close();
}
