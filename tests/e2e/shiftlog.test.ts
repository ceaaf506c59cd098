// The supervisor's shift log in real Chromium against the headless console: 20,000 hits seeded
// into the console's database before it starts, a virtualised grid that keeps the DOM small
// while scrolling to the last hit, a filter, the charts, Enter opening a hit, and no CSP
// violation from the charting library.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startHub, type Hub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { openDatabase } from '../../electron/core/db/open';
import { consoleMigrations } from '../../electron/core/db/migrations';
import { tempDir } from '../helpers/tmp';
import { launchBrowser } from '../helpers/browser';
import { startConsole, type Started } from '../helpers/processes';
import { signInAndAcknowledge, TRAINED } from '../helpers/clearance';
import { TINY_PNG } from '../helpers/hits';
import { seedShiftHits } from '../bench/shiftlog';
import { currentShift } from '../../electron/core/shiftlog/periods';
import { waitFor } from '../helpers/wait';

const HITS = 20_000;
// The Days shift of 24 November 2026 in this machine's time zone (the console's and the browser's).
const FROM = new Date(2026, 10, 24, 6, 0).getTime();
const TO = new Date(2026, 10, 24, 18, 0).getTime();

let hub: Hub;
let app: Started;
let browser: Browser;
let lastPlate: string;
let misreads: number;

before(async () => {
  const data = tempDir();
  const db = openDatabase(path.join(data, 'console.sqlite'), { migrations: consoleMigrations });
  seedShiftHits(db, { count: HITS, from: FROM, to: TO, image: TINY_PNG });
  lastPlate = (db.prepare('SELECT read_plate FROM hits ORDER BY julianday(captured_at) DESC, id DESC LIMIT 1').get() as { read_plate: string }).read_plate;
  misreads = (db.prepare("SELECT count(*) AS n FROM hits WHERE disposition = 'misread'").get() as { n: number }).n;
  db.close();
  hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-e2e=e2e-token') });
  app = await startConsole(
    { data, hub: hub.url },
    { ALPR_WORKSTATION_ID: 'ws-e2e', ALPR_HUB_TOKEN: 'e2e-token', ALPR_CONSOLE_BOOTSTRAP_USER: `sup1:night-shift-42:supervisor:${TRAINED}` },
  );
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.stop();
  await hub?.close();
});

test('a supervisor scrolls 20,000 hits of a shift with a small DOM, filters them, sees the charts and opens a hit', { timeout: 180_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(app.url);
  await signInAndAcknowledge(page, 'sup1', 'night-shift-42');
  // The seeded hits nobody opened escalate to the supervisor: the banner's Acknowledge has a key.
  const escalation = page.getByRole('alert').filter({ hasText: 'ESCALATED' });
  await escalation.waitFor();
  assert.equal(await escalation.getByRole('button', { name: 'Acknowledge (Esc)' }).getAttribute('aria-keyshortcuts'), 'Escape');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('button', { name: 'Shift log' }).click();
  // It opens on the shift going on now, from the date that shift began.
  const now = currentShift([{ id: 1, name: 'Days', start: '06:00', end: '18:00' }, { id: 2, name: 'Nights', start: '18:00', end: '06:00' }], Date.now())!;
  await waitFor('the current shift chosen', async () => (await page.getByLabel('Shift', { exact: true }).inputValue()) === String(now.shiftId));
  assert.equal(await page.getByLabel('Date the shift starts').inputValue(), now.date);

  await page.getByLabel('Shift', { exact: true }).selectOption({ label: 'Days (06:00–18:00)' });
  await page.getByLabel('Date the shift starts').fill('2026-11-24');
  await page.getByRole('button', { name: 'Show shift log' }).click();
  await page.getByRole('status').filter({ hasText: `${HITS.toLocaleString('en-US')} hits` }).waitFor();

  const grid = page.getByRole('grid', { name: 'Shift log' });
  const rows = grid.getByRole('row');
  await rows.nth(3).filter({ hasText: /\d{2}:\d{2}:\d{2}/ }).waitFor();
  const rendered = await rows.count();
  assert.ok(rendered > 5 && rendered < 60, `the grid renders ${rendered} rows for ${HITS} hits`);

  // End goes to the last hit of the shift; the rows around it are fetched and shown.
  await grid.focus();
  await page.keyboard.press('End');
  const lastRow = grid.locator(`[aria-rowindex="${HITS + 1}"]`);
  await lastRow.filter({ hasText: lastPlate }).waitFor();
  assert.equal(await lastRow.getAttribute('aria-selected'), 'true');
  const atEnd = await rows.count();
  assert.ok(atEnd < 60, `the grid renders ${atEnd} rows at the end`);
  await page.keyboard.press('PageUp');
  await page.keyboard.press('ArrowUp');
  assert.ok((await grid.locator('[aria-selected="true"]').getAttribute('aria-rowindex')) !== String(HITS + 1));

  // The charts are drawn, each with its figures as its accessible name.
  for (const name of ['Hits per hour', 'Outcomes', 'Time from read to broadcast', 'Misread rate per camera']) {
    await page.getByRole('img', { name: new RegExp(`^${name}`) }).waitFor();
  }
  const outcomes = await page.getByRole('img', { name: /^Outcomes/ }).getAttribute('aria-label');
  assert.match(outcomes!, new RegExp(`Misread: ${misreads} hits?\\b`));
  if (process.env.ALPR_E2E_SHOTS) await page.getByRole('region', { name: 'Charts' }).screenshot({ path: `${process.env.ALPR_E2E_SHOTS}/shiftlog-charts.png` });
  // Each hour read out as the span it counts.
  assert.match((await page.getByRole('img', { name: /^Hits per hour/ }).getAttribute('aria-label'))!, /\d\d:00 to \d\d:00: \d+ hits?\b/);

  await page.getByLabel('Outcome', { exact: true }).selectOption({ label: 'Misread' });
  await page.getByRole('status').filter({ hasText: `: ${misreads.toLocaleString('en-US')} hits` }).waitFor();
  const first = grid.locator('[aria-rowindex="2"]');
  await first.filter({ hasText: 'Misread' }).waitFor();
  const plate = (await first.locator('.shiftlog__plate').innerText()).split(' ')[0]!;

  // Enter opens the selected hit for review.
  await grid.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Hotlist match' }).filter({ hasText: plate }).waitFor();
  // Looked at from the log: a review, not a confirmation; the ended hit says where Esc goes.
  await page.getByText('Lookup recorded · purpose: supervisory review').waitFor();
  await page.getByText(/Esc back to the shift log/).waitFor();

  // Back (Esc, once no alert is up) comes to the log as it was: the filter, its rows, the focus in the grid.
  await page.getByRole('button', { name: 'Back to the shift log (Esc)' }).click();
  await first.filter({ hasText: plate }).waitFor();
  assert.equal(await page.getByLabel('Outcome', { exact: true }).inputValue(), 'misread');
  assert.ok(await grid.evaluate((el) => el.contains(document.activeElement)), 'the focus is back in the grid');
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Hotlist match' }).filter({ hasText: plate }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Work this hit from the queue' }).count(), 0, 'an ended hit is only looked at');

  // A hit nobody opened in time, reviewed from the log: the supervisor can work it from here.
  await page.getByRole('button', { name: 'Back to the shift log (Esc)' }).click();
  await page.getByLabel('Outcome', { exact: true }).selectOption({ label: 'Not ended' });
  const open = grid.locator('[aria-rowindex="2"]');
  await open.filter({ hasText: 'Not opened' }).waitFor();
  const openPlate = (await open.locator('.shiftlog__plate').innerText()).split(' ')[0]!;
  await grid.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await page.getByText('Lookup recorded · purpose: supervisory review').waitFor();
  await page.getByText(/Looking back: no step is taken here/).waitFor();
  await page.getByRole('region', { name: 'Hotlist match' }).filter({ hasText: openPlate }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Confirm plate', exact: true }).count(), 0, 'a review shows the workflow, it does not work it');
  await page.getByRole('button', { name: 'Work this hit from the queue' }).click();
  await page.getByText('Lookup recorded · purpose: hit confirmation').waitFor();
  await page.getByRole('region', { name: 'Hotlist match' }).filter({ hasText: openPlate }).waitFor();
  await page.getByRole('button', { name: 'Confirm plate', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Back to queue (Esc)' }).waitFor();

  // Back to the shift log from the bar: as it was left (the filter, its rows), not asked again.
  const nav = page.getByRole('navigation', { name: 'Console' });
  await nav.getByRole('button', { name: 'Shift log' }).click();
  await page.getByRole('status').filter({ hasText: /hits?\b/ }).first().waitFor();
  assert.equal(await page.getByLabel('Outcome', { exact: true }).inputValue(), 'open');
  await grid.locator('[aria-rowindex="2"]').waitFor();

  assert.deepEqual(problems, []);
});
