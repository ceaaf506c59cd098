// The console as a new user first meets it: no hub configured, so the built-in training hub
// posts simulated hits, and every screen carries the TRAINING stripe (real Chromium, the real
// headless console). On a 1366 x 768 laptop the plate check still shows the crop with its zoom
// bar and the start of the camera map without scrolling, under the stripe and a new-hit banner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { tempDir } from '../helpers/tmp';
import { waitFor } from '../helpers/wait';
import { launchBrowser } from '../helpers/browser';
import { startConsole, type Started } from '../helpers/processes';
import { signInAndAcknowledge, TRAINED } from '../helpers/clearance';

let app: Started;
let browser: Browser;

before(async () => {
  app = await startConsole({ data: tempDir(), trainingRate: 40 }, { ALPR_CONSOLE_BOOTSTRAP_USER: `disp1:night-shift-42:dispatcher:${TRAINED}` });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

test('on a 1366 x 768 training console, the plate check under the stripe and a new-hit banner keeps the crop, its zoom bar and the map on screen', async () => {
  const height = 768;
  const page = await browser.newPage({ viewport: { width: 1366, height } });
  await page.goto(app.url);
  await signInAndAcknowledge(page, 'disp1', 'night-shift-42');
  await page.getByText('TRAINING — simulated hits, not real data').waitFor();
  const rows = page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem');
  await waitFor('two simulated hits', async () => (await rows.count()) >= 2, 30_000);
  await rows.first().focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: /Confirm plate/ }).waitFor();
  // The hits not opened yet keep their banner above the review.
  await page.getByRole('alert').filter({ hasText: /^(NEW HIT|NOT OPENED IN TIME) — / }).waitFor();
  const frame = page.getByRole('group', { name: 'Plate crop, zoomable' });
  await waitFor('the crop, its zoom bar and the map on screen', async () => {
    const f = await frame.boundingBox();
    const bar = await page.locator('.plate-viewer__bar').boundingBox();
    const map = await page.getByRole('region', { name: 'Camera location' }).locator('svg').first().boundingBox();
    return !!f && !!bar && !!map && f.y >= 0 && bar.y + bar.height <= height && map.y + 100 <= height;
  });
  const map = (await page.getByRole('region', { name: 'Camera location' }).locator('svg').first().boundingBox())!;
  const f = (await frame.boundingBox())!;
  assert.ok(map.x >= f.x + f.width, 'the map is beside the crop');
  await page.close();
});
