// Issue 6 item 9 end to end in real Chromium against the real headless console and hub: a
// supervisor opens a hit, presses "Export evidence package", gives the reason, the purpose and
// the case number (refused without it), and saves the package; the download is a tar whose
// SHA-256 is the one shown for the evidence label, and the system's tar lists its manifest; the
// records screen's Legal holds tab lists the hold and the package.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { startHub, type Hub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { tempDir } from '../helpers/tmp';
import { acknowledgeNewHit, launchBrowser } from '../helpers/browser';
import { startConsole, type Started } from '../helpers/processes';
import { postedHit } from '../helpers/hits';
import { signInAndAcknowledge, TRAINED } from '../helpers/clearance';

let hub: Hub;
let app: Started;
let browser: Browser;

before(async () => {
  hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-ev=ev-token') });
  app = await startConsole(
    { data: tempDir(), hub: hub.url },
    { ALPR_WORKSTATION_ID: 'ws-ev', ALPR_HUB_TOKEN: 'ev-token', ALPR_CONSOLE_BOOTSTRAP_USER: `sgt:evidence-pass-26:supervisor:${TRAINED}` },
  );
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
  await hub?.close();
});

test('a supervisor exports a hit as an evidence package from the review screen', async () => {
  const page = await browser.newPage({ acceptDownloads: true });
  await page.goto(app.url);
  await signInAndAcknowledge(page, 'sgt', 'evidence-pass-26');
  const res = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(postedHit({ read: { plate: '6EVD123', state: 'CA', confidence: 0.9 } })) });
  assert.equal(res.status, 202);
  await page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: '6EVD123' }).waitFor();
  await acknowledgeNewHit(page);
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');

  await page.getByRole('button', { name: 'Export evidence package' }).click();
  const form = page.getByRole('form', { name: 'Export evidence package' });
  await form.getByLabel('Why this hit is evidence').fill('Vehicle used in a burglary on Elm St');
  await form.getByLabel('Purpose', { exact: true }).selectOption({ label: 'Serial-crime investigation' });
  // No case number: refused before anything is asked of the core.
  await form.getByRole('button', { name: 'Export package' }).click();
  await page.getByRole('alert').filter({ hasText: /case number/ }).waitFor();

  await form.getByLabel('Case number (required)').fill('LPD-26-0815');
  const download = page.waitForEvent('download');
  await form.getByRole('button', { name: 'Export package' }).click();
  const file = await download;
  assert.match(file.suggestedFilename(), /^evidence-LPD-26-0815-.+\.tar$/);
  const bytes = fs.readFileSync((await file.path())!);
  const shown = await page.locator('.evidence__hash').innerText();
  assert.equal(crypto.createHash('sha256').update(bytes).digest('hex'), shown, 'the SHA-256 shown is that of the saved file');
  await page.getByRole('status').filter({ hasText: /Evidence package saved as evidence-LPD-26-0815-/ }).waitFor();
  await page.getByText(/Legal hold \d+ placed/).waitFor();

  const dir = tempDir();
  fs.writeFileSync(`${dir}/p.tar`, bytes);
  const listing = execFileSync('tar', ['-tf', `${dir}/p.tar`], { encoding: 'utf8' });
  assert.match(listing, /\/MANIFEST\.json$/m);
  assert.match(listing, /\/MANIFEST\.sha256$/m);
  assert.match(listing, /\/images\/plate\.png$/m);

  // On file: Retention & holds → Legal holds lists the hold and the package with its SHA-256.
  await page.getByRole('button', { name: /Back to queue/ }).click();
  await page.getByRole('navigation', { name: 'Console' }).getByRole('button', { name: 'Retention & holds' }).click();
  await page.getByRole('tab', { name: 'Legal holds' }).click();
  await page.getByRole('table', { name: 'Legal holds' }).getByRole('cell', { name: 'LPD-26-0815' }).waitFor();
  const packages = page.getByRole('table', { name: 'Evidence packages' });
  await packages.getByRole('cell', { name: shown }).waitFor();
  await packages.getByRole('cell', { name: 'Vehicle used in a burglary on Elm St' }).waitFor();
  await page.close();
});

test('on a 1366x768 screen a supervisor gets one row of one-line screen buttons under the hub link, and the export waits below the evidence', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(app.url);
  await signInAndAcknowledge(page, 'sgt', 'evidence-pass-26');
  const nav = page.getByRole('navigation', { name: 'Console' });
  const buttons = await nav.getByRole('button').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { label: (el as HTMLElement).innerText.replace(/\s+/g, ' '), top: Math.round(r.top), height: r.height, lineHeight: parseFloat(getComputedStyle(el).fontSize) * 1.5 };
    }),
  );
  assert.ok(buttons.length >= 8, `a supervisor's screens (${buttons.length})`);
  // One line of text per button, all on one row.
  assert.deepEqual(buttons.filter((b) => b.height > 2 * b.lineHeight), [], 'labels broken over two lines');
  assert.equal(new Set(buttons.map((b) => b.top)).size, 1, `one row: ${JSON.stringify(buttons.map((b) => [b.label, b.top]))}`);
  // Who and where above the screens: the hub link and Sign out share the brand's row.
  const navTop = (await nav.boundingBox())!.y;
  for (const above of [page.getByRole('status', { name: 'Hub connection' }), page.getByRole('button', { name: 'Sign out' })]) {
    const b = (await above.boundingBox())!;
    assert.ok(b.y + b.height <= navTop, 'above the screens');
  }

  const res = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(postedHit({ read: { plate: '6EVD768', state: 'CA', confidence: 0.9 } })) });
  assert.equal(res.status, 202);
  const item = page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: '6EVD768' });
  await item.waitFor();
  await acknowledgeNewHit(page);
  await item.focus();
  await page.keyboard.press('Enter');
  const crop = page.getByRole('group', { name: 'Plate crop, zoomable' });
  await crop.waitFor();
  const cropBox = (await crop.boundingBox())!;
  assert.ok(cropBox.y < 768, `the crop starts on screen (y ${cropBox.y})`);
  const exportBox = (await page.getByRole('button', { name: 'Export evidence package' }).boundingBox())!;
  assert.ok(exportBox.y > cropBox.y + cropBox.height, 'the export comes after the evidence');
  await page.close();
});
