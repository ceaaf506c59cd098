// Issue 6 item 8 end to end in real Chromium against the real headless console and hub: a
// supervisor registers a request from an out-of-state agency (refused by rule, the reason shown),
// one from a California agency, approves it and exports it as CSV; the export is in the
// shared-with report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startHub, type Hub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { tempDir } from '../helpers/tmp';
import { postedHit } from '../helpers/hits';
import { localDate } from '../../electron/core/shiftlog/periods';
import { launchBrowser } from '../helpers/browser';
import { startConsole, type Started } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { signInAndAcknowledge, TRAINED } from '../helpers/clearance';

let hub: Hub;
let app: Started;
let browser: Browser;

before(async () => {
  hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-rec=rec-token') });
  app = await startConsole(
    { data: tempDir(), hub: hub.url },
    { ALPR_WORKSTATION_ID: 'ws-rec', ALPR_HUB_TOKEN: 'rec-token', ALPR_CONSOLE_BOOTSTRAP_USER: `sgt:sergeant-pass-2026:supervisor:${TRAINED}` },
  );
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
  await hub?.close();
});

async function register(page: Page, fields: { agency: string; type: string; plates: string; from: string; to: string }, byDoubleEnter = false): Promise<void> {
  await page.getByLabel('Agency name').fill(fields.agency);
  await page.getByLabel('Agency type').selectOption({ label: fields.type });
  await page.getByLabel('Requester name').fill('Det. Lee');
  await page.getByLabel('Requester contact').fill('lee@example.org');
  await page.getByLabel('Intended purpose').fill('Homicide investigation');
  await page.getByLabel('Plates asked for').fill(fields.plates);
  await page.getByLabel('Period from').fill(fields.from);
  await page.getByLabel('Period to').fill(fields.to);
  if (byDoubleEnter) {
    await page.getByLabel('Requester name').press('Enter');
    await page.keyboard.press('Enter');
  } else {
    await page.getByRole('button', { name: 'Register request' }).click();
  }
}

test('a supervisor registers an out-of-state request (refused, reason shown) and a California one, approves it and exports it', async () => {
  const plate = '7REC123';
  const res = await fetch(`${hub.url}/hits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(postedHit({ read: { plate, state: 'CA', confidence: 0.9 }, matches: [{ ...postedHit().matches[0]!, plate }] })),
  });
  assert.equal(res.status, 202);
  const today = localDate(Date.now());
  const weekAgo = localDate(Date.now() - 7 * 86_400_000);

  const page = await browser.newPage({ acceptDownloads: true });
  await page.goto(app.url);
  await signInAndAcknowledge(page, 'sgt', 'sergeant-pass-2026');
  await page.getByRole('list', { name: 'Hit queue' }).getByText(plate).waitFor();
  await page.getByRole('button', { name: 'Sharing requests', exact: true }).click();
  await page.getByRole('heading', { name: 'Retention and sharing' }).waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Sharing requests' }).getAttribute('aria-selected'), 'true');

  // Out of state: refused at registration, the reason on screen; no export offered.
  // Enter pressed twice in a field: one request filed, not two.
  await register(page, { agency: 'Reno Police Department', type: 'Out-of-state agency', plates: plate, from: weekAgo, to: today }, true);
  const outcome = page.getByRole('status').filter({ hasText: 'Refused by rule' });
  await outcome.waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.getByRole('button', { name: 'Open SR-2' }).count(), 0, 'filed once');
  assert.match(await outcome.innerText(), /1798\.90\.55\(b\).*out-of-state/);
  await page.getByRole('button', { name: 'Open SR-1' }).click();
  await page.getByText('No export is possible for this request.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Export CSV' }).count(), 0);

  // Bad input keeps the form and says what is wrong.
  await page.getByLabel('Agency name').fill('Lodi Police Department');
  await page.getByRole('button', { name: 'Register request' }).click();
  await page.getByRole('alert').filter({ hasText: /kind of agency|plate/ }).waitFor();

  await register(page, { agency: 'Lodi Police Department', type: 'California public law-enforcement agency', plates: plate, from: weekAgo, to: today });
  await page.getByRole('status').filter({ hasText: 'Request SR-2 registered: Awaiting decision.' }).waitFor();
  await page.getByRole('button', { name: 'Open SR-2' }).click();
  await page.getByLabel('Reason for the decision').fill('Written request reviewed by Lt. Moore');
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('status').filter({ hasText: 'Request SR-2 approved.' }).waitFor();
  // The Approve button is gone with the decision: the focus is on the line saying what happened.
  await waitFor('the focus on the status line', () => page.evaluate(() => document.activeElement?.textContent === 'Request SR-2 approved.'));

  // The export asks for the purpose and case number first.
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await page.getByRole('alert').filter({ hasText: 'Choose the purpose' }).waitFor();
  await page.getByLabel('Purpose', { exact: true }).selectOption({ label: 'Serial-crime investigation' });
  await page.getByLabel(/Case number/).fill('LPD-26-0042');
  // By default only hits whose plate a dispatcher confirmed go: nobody has checked this one.
  const box = page.getByLabel('Only hits whose plate a dispatcher confirmed against the image');
  assert.equal(await box.isChecked(), true);
  const [confirmedOnly] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const confirmedCsv = fs.readFileSync((await confirmedOnly.path())!, 'utf8');
  assert.match(confirmedCsv, /\r\nRecords,0\r\nHits included,only those whose plate a dispatcher confirmed against the image\r\n/);
  await page.getByRole('status').filter({ hasText: /Exported 0 record\(s\) for SR-2/ }).waitFor();
  // Cleared, the unchecked hit goes too, marked as such.
  await box.uncheck();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  assert.match(download.suggestedFilename(), /^sharing-SR-2-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  assert.match(csv, /\r\nHits included,all but those found misread/);
  assert.match(csv, new RegExp(`SR-2,[^,]+,${plate},CA,[^\r]*,not checked,`));
  assert.match(csv, new RegExp(`SR-2,[^,]+,${plate},CA,`));
  // Its head says who asked, who exported it and why, as the PDF's does.
  assert.match(csv, /^ALPR data shared with Lodi Police Department,request SR-2\r\n/);
  assert.match(csv, /\r\nExported by,[^\r]*sgt[^\r]*\r\n/);
  assert.match(csv, /\r\nExport purpose,[^\r]+\r\n/);
  await page.getByRole('status').filter({ hasText: /Exported 1 record\(s\) for SR-2/ }).waitFor();

  await page.getByRole('tab', { name: 'Sharing requests' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('tab', { name: 'Shared-with report' }).getAttribute('aria-selected'), 'true');
  const report = page.getByRole('table', { name: 'Shared with' });
  await report.getByRole('cell', { name: 'Lodi Police Department' }).first().waitFor();
  assert.equal(await report.getByRole('cell', { name: 'Lodi Police Department' }).count(), 2, 'both exports are on file');
  assert.equal(await report.getByRole('cell', { name: 'Reno Police Department' }).count(), 0, 'nothing was shared with the refused agency');
});

test('a hold on one hit: the id copied from the hit\'s review, pasted into the hold form, the hold listed', async () => {
  const plate = '7HLD456';
  const res = await fetch(`${hub.url}/hits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(postedHit({ read: { plate, state: 'CA', confidence: 0.9 }, matches: [{ ...postedHit().matches[0]!, plate }] })),
  });
  assert.equal(res.status, 202);
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(app.url);
  await signInAndAcknowledge(page, 'sgt', 'sergeant-pass-2026');
  const row = page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: plate });
  await row.waitFor();
  await row.focus();
  await page.keyboard.press('Enter');
  const id = await page.locator('.screen__hit-id').innerText();
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), id);
  await page.getByRole('button', { name: /Back to queue/ }).click();
  await page.getByRole('button', { name: 'Retention & holds', exact: true }).click();
  await page.getByRole('tab', { name: 'Legal holds' }).click();
  await page.getByLabel('Hit id').focus();
  await page.keyboard.press('Control+V');
  assert.equal(await page.getByLabel('Hit id').inputValue(), id);
  await page.getByLabel('Case number').fill('C-HLD-1');
  await page.getByLabel('Why (reason for the hold)').fill('Evidence in a pursuit');
  await page.getByRole('button', { name: 'Place hold' }).click();
  await page.getByRole('table', { name: 'Legal holds' }).getByText(`Hit ${id}`).waitFor();
  await context.close();
});
