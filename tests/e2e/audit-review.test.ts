// Issue 6 items 3-4 end to end in real Chromium against the real headless console and hub: a
// supervisor searches the audit log, opens a record's details, verifies the chain and exports
// the search as CSV (the download arrives with the records asked for); the export is logged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { startHub, type Hub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { tempDir } from '../helpers/tmp';
import { launchBrowser } from '../helpers/browser';
import { startConsole, type Started } from '../helpers/processes';
import { signInAndAcknowledge, TRAINED } from '../helpers/clearance';

let hub: Hub;
let app: Started;
let browser: Browser;

before(async () => {
  hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-audit=audit-token') });
  app = await startConsole(
    { data: tempDir(), hub: hub.url },
    { ALPR_WORKSTATION_ID: 'ws-audit', ALPR_HUB_TOKEN: 'audit-token', ALPR_AGENCY_NAME: 'Lodi Police Department', ALPR_CONSOLE_BOOTSTRAP_USER: `sgt1:sergeant-pass-26:supervisor:${TRAINED}` },
  );
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
  await hub?.close();
});

test('a supervisor searches the audit log, verifies the chain and exports the search as CSV', async () => {
  const page = await browser.newPage();
  await page.goto(app.url);
  await signInAndAcknowledge(page, 'sgt1', 'sergeant-pass-26');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('button', { name: /^Audit/ }).click();
  await page.getByRole('heading', { name: 'Audit review' }).waitFor();

  // The first page lists the newest records: the sign-in and the policy acknowledgement are there.
  const results = page.getByRole('table', { name: 'Records' });
  await results.getByRole('cell', { name: 'policy.acknowledge' }).waitFor();

  // Search by user and action: only the sign-in remains.
  const search = page.getByRole('search', { name: 'Search the audit log' });
  await search.getByLabel('User').fill('sgt1');
  await search.getByLabel('Action').fill('session.sign-in');
  await search.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('status').filter({ hasText: /^Records 1–1 of 1$/ }).waitFor();
  await results.getByRole('cell', { name: 'session.sign-in', exact: true }).waitFor();
  assert.equal(await results.getByRole('cell', { name: 'policy.acknowledge' }).count(), 0);

  // Every field of the record, on demand.
  await results.getByRole('button', { name: /^Details of record/ }).click();
  const details = page.getByRole('definition').filter({ hasText: /^[0-9a-f]{64}$/ });
  assert.ok((await details.count()) >= 1, 'the hash is shown');
  await page.getByText('ws-audit').first().waitFor();

  // The chain check.
  // By keyboard: the focus stays on the button while it works, not dropped to the page.
  await page.getByRole('button', { name: 'Verify chain' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText(/^Chain intact: \d+ records/).waitFor({ timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Verify chain');

  // Export the current search as CSV, with a purpose and the case number the rules require.
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await page.getByRole('alert').filter({ hasText: 'Choose a purpose and enter the case number' }).waitFor();
  await page.getByLabel('Purpose', { exact: true }).last().selectOption({ label: 'Audit / administration' });
  await page.getByLabel('Case number (required)').fill('IA-2026-17');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  assert.match(download.suggestedFilename(), /^audit-extract-\d{8}-\d{6}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'Audit extract,Lodi Police Department');
  assert.ok(lines.includes('Filters,user = sgt1; action = session.sign-in'));
  assert.ok(lines.some((l) => l.startsWith('Exported by,sgt1')));
  const header = lines.findIndex((l) => l.startsWith('Seq,Record ID,Time (UTC)'));
  const rows = lines.slice(header + 1).filter(Boolean);
  assert.equal(rows.length, 1);
  assert.match(rows[0]!, /,sgt1,.*,session\.sign-in,/);
  await page.getByRole('status').filter({ hasText: /^Exported 1 records as audit-extract-/ }).waitFor();

  // The export and the searches are themselves in the log: search for them.
  await search.getByLabel('User').fill('');
  await search.getByLabel('Action').fill('audit.export');
  await search.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('status').filter({ hasText: /^Records 1–1 of 1$/ }).waitFor();
  await results.getByRole('cell', { name: 'IA-2026-17' }).waitFor();
  // Its data elements read as words: the filters it exported by, not JSON.
  await results.getByRole('cell', { name: /filters: \(action: session\.sign-in, username: sgt1\)|filters: \(username: sgt1, action: session\.sign-in\)/ }).waitFor();
  assert.doesNotMatch(await results.innerText(), /[{}"]/);

  // A refused search says so, and that the rows below are still the previous search's.
  await search.getByLabel('From').fill('2026-11-20T10:00');
  await search.getByLabel('To').fill('2026-11-19T10:00');
  await search.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('alert').filter({ hasText: 'Please check' }).waitFor();
  await page.getByRole('status').filter({ hasText: /^Not searched \(see above\); still showing the previous search: Records 1–1 of 1$/ }).waitFor();
  await page.close();
});
