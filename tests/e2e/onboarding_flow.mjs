// A first project starts from a template: an empty project offers the templates and the sample
// board; the sample board shows its cards at once; "New board" takes a template too. Importing
// finds the file's format by itself (one file picker): a Trello export imports; importing the same
// Trello board again asks whether to make a second copy, and "Import a copy" makes one.
// Needs a worker running the jobs (test_web_flows.py starts one).
// Usage: node onboarding_flow.mjs <base URL>
import { fileURLToPath } from 'node:url';
import { launch, check, passed } from './browser.mjs';
import { api, cardIn, column, signUp } from './steps.mjs';

const [baseUrl] = process.argv.slice(2);
const TRELLO = fileURLToPath(new URL('../boardfiles/fixtures/trello_sprint_board.json', import.meta.url));
const TRELLO_BOARD = 'Sprint 14 – Checkout revamp';

const browser = await launch();
try {
  const page = await browser.newPage({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  await signUp(page, baseUrl, 'Ada Lovelace');
  await page.getByLabel('New project').fill('Apollo');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.locator('[data-testid="project"]', { hasText: 'Apollo' }).click();
  await page.waitForURL(/\/projects\/[^/]+$/);
  const projectUrl = page.url();
  const projectId = projectUrl.split('/projects/')[1];

  // --- The empty project invites starting from a template or the sample board.
  const empty = page.getByTestId('no-boards');
  await empty.waitFor();
  const offered = await empty.getByTestId('template').evaluateAll((buttons) => buttons.map((b) => b.dataset.template));
  check(
    JSON.stringify(offered.sort()) === JSON.stringify(['blank', 'bug_triage', 'kanban', 'sample', 'sprint']),
    `every template is offered, got ${offered}`,
  );
  await empty.getByRole('button', { name: 'Sample board' }).click();
  await page.waitForURL(/\/boards\//);
  for (const name of ['Ideas', 'To do', 'In progress', 'Done']) await column(page, name).waitFor();
  await cardIn(page, 'Ideas', 'Welcome to your sample board').waitFor();
  await cardIn(page, 'In progress', 'Payment API').waitFor();
  const sample = (await api(page, 'GET', `/api/boards/${page.url().split('/boards/')[1]}`)).body;
  const cards = sample.columns.flatMap((c) => c.cards);
  check(cards.length >= 6, `the sample board has cards, got ${cards.length}`);
  check(cards.some((card) => card.checklists.length > 0), 'with checklists');

  // --- "New board" from a template.
  await page.goto(projectUrl);
  await page.getByLabel('New board').fill('Team flow');
  await page.getByLabel('Template').selectOption('kanban');
  await page.getByRole('button', { name: 'Create board' }).click();
  await page.waitForURL(/\/boards\//);
  for (const name of ['Backlog', 'To do', 'In progress', 'Review', 'Done']) await column(page, name).waitFor();

  // --- One picker for every format: a Trello export imports as itself.
  await page.goto(projectUrl);
  const picker = page.getByLabel('Board file');
  await picker.setInputFiles(TRELLO);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const result = page.getByTestId('import-result');
  await result.filter({ hasText: TRELLO_BOARD }).waitFor({ timeout: 60_000 });
  const firstId = (await page.getByTestId('imported-board').getAttribute('href')).split('/boards/')[1];

  // --- The same Trello board again: asked, then a second copy.
  await picker.setInputFiles(TRELLO);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const question = page.getByTestId('reimport-question');
  await question.waitFor({ timeout: 30_000 });
  const asked = await question.innerText();
  check(
    asked.includes(`You imported this Trello board before as “${TRELLO_BOARD}”. Import a second copy?`),
    `the question names the earlier board: ${asked}`,
  );
  const open = question.getByRole('link', { name: `Open ${TRELLO_BOARD}` });
  check((await open.getAttribute('href')) === `/boards/${firstId}`, 'Open goes to the earlier board');
  await question.getByRole('button', { name: 'Import a copy' }).click();
  await page.waitForFunction(
    (first) => {
      const link = document.querySelector('[data-testid="imported-board"]');
      return link && !link.getAttribute('href').endsWith(first);
    },
    firstId,
    { timeout: 60_000 },
  );
  const boards = (await api(page, 'GET', `/api/projects/${projectId}/boards`)).body;
  const copies = boards.filter((board) => board.name === TRELLO_BOARD);
  check(copies.length === 2, `two boards from the Trello board, got ${copies.length}`);
  await page.getByTestId('imported-board').click();
  await page.waitForURL(/\/boards\//);
  await cardIn(page, 'Backlog', 'Add Apple Pay to checkout').waitFor();
  passed(browser);
} finally {
  await browser.close();
}
