// A supervisor who signs in after a hit was escalated still hears of it: the banner comes up at
// sign-in and the queue row says the hit was not opened in time (real Chromium, the real
// headless console and hub; IT's provisioning file sets short timers).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startHub, type Hub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import type { QueueItem } from '../../electron/contract';
import { tempDir } from '../helpers/tmp';
import { postedHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { launchBrowser } from '../helpers/browser';
import { startConsole, type Started } from '../helpers/processes';
import { UiClient } from '../helpers/ui-client';
import { acknowledgePolicyVia, signInAndAcknowledge, TRAINED } from '../helpers/clearance';

let hub: Hub;
let app: Started;
let browser: Browser;

before(async () => {
  const provisioning = path.join(tempDir(), 'provisioning.json');
  fs.writeFileSync(provisioning, JSON.stringify({ workflow: { unopenedAlertS: 1, escalateAfterS: 1 } }));
  hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-esc=esc-token') });
  app = await startConsole(
    { data: tempDir(), hub: hub.url },
    { ALPR_WORKSTATION_ID: 'ws-esc', ALPR_HUB_TOKEN: 'esc-token', ALPR_PROVISIONING_FILE: provisioning, ALPR_CONSOLE_BOOTSTRAP_USER: `sup1:night-shift-42:supervisor:${TRAINED}` },
  );
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
  await hub?.close();
});

/** Posts a hit of this plate and priority to the hub. */
async function post(plate: string, priority: 'high' | 'low' = 'high'): Promise<void> {
  const hit = postedHit({ read: { plate, state: 'CA', confidence: 0.9 } });
  hit.matches[0] = { ...hit.matches[0]!, plate, priority };
  const res = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hit) });
  assert.equal(res.status, 202);
}

/** Waits, with nobody's page open, until the console has escalated every one of `plates`. */
async function escalatedUnseen(plates: string[]): Promise<void> {
  const probe = await UiClient.connect(app.url);
  try {
    assert.ok((await probe.call('session:sign-in', { username: 'sup1', password: 'night-shift-42' })).ok);
    await acknowledgePolicyVia((c, i) => probe.call(c, i));
    await waitFor(`${plates.join(', ')} escalated at the console`, async () => {
      const q = await probe.call('hits:queue', {});
      const hits = q.ok ? (q.value as { hits: QueueItem[] }).hits : [];
      return plates.every((p) => hits.some((h) => h.plate === p && h.escalation === 2));
    }, 15_000);
    await probe.call('session:sign-out', {});
  } finally {
    probe.close();
  }
}

test('a hit escalated before the supervisor signed in: the banner at sign-in, and the row says so', async () => {
  await post('7LATE77');
  // Nobody has the console open while the hit goes unopened and is escalated.
  await escalatedUnseen(['7LATE77']);

  const page = await browser.newPage();
  await page.goto(app.url);
  await signInAndAcknowledge(page, 'sup1', 'night-shift-42');
  await page.getByRole('alert').filter({ hasText: 'ESCALATED' }).filter({ hasText: '7LATE77' }).waitFor();
  const row = page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: '7LATE77' });
  await row.getByText('NEW · ESCALATED').waitFor();
  // The new-hit alert at sign-in says the hit is late, not that the car was read again.
  await page.getByRole('alert').filter({ hasText: /^NOT OPENED IN TIME — 7LATE77/ }).waitFor();
  await page.close();
});

test('with several hits escalated, the banner and its Open button name the most urgent, as the queue orders them', async () => {
  await post('1URG111', 'high');
  await post('3LOW333', 'low');
  await escalatedUnseen(['1URG111', '3LOW333']);
  const page = await browser.newPage();
  await page.goto(app.url);
  await signInAndAcknowledge(page, 'sup1', 'night-shift-42');
  const banner = page.getByRole('alert').filter({ hasText: 'ESCALATED' });
  await banner.waitFor();
  const escalatedRows = page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: 'NEW · ESCALATED' });
  await escalatedRows.filter({ hasText: '3LOW333' }).waitFor();
  const first = await escalatedRows.first().locator('.hit__plate .plate-text').innerText();
  assert.notEqual(first, '3LOW333', 'a high-priority hit is escalated too');
  assert.match(await banner.innerText(), new RegExp(`ESCALATED — hit ${first} `));
  await banner.getByRole('button', { name: `Open ${first}` }).waitFor();
  await page.close();
});
