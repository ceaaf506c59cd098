// End to end in real Chromium: plate search with a wildcard (results with their images), then
// an officer's partial-plate hotlist entry whose retroactive hit arrives in the queue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postedHit } from '../helpers/hits';
import { signInAndAcknowledge } from '../helpers/clearance';
import { useConsoleStack } from '../helpers/stack';
import { waitFor } from '../helpers/wait';
import { renderPlatePng } from '../../electron/hub/training/render';

const stack = useConsoleStack();

test('search a wildcard plate, see hits and hub reads with images; add a partial-plate entry and see its retroactive hit in the queue', async () => {
  // The hub holds a hit for 3RTY456 and plain reads of 3RTY4xx plates, one with its image.
  const hit = postedHit({
    read: { plate: '3RTY456', state: 'CA', confidence: 0.95 },
    matches: [{ list: 'SVS', reason: 'Stolen vehicle', priority: 'high', plate: '3RTY456', state: 'CA', listUpdatedAt: new Date().toISOString() }],
  });
  assert.equal((await fetch(`${stack.hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hit) })).status, 202);
  const camera = hit.camera;
  const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
  const plateImage = renderPlatePng({ plate: '3RTY499', state: 'CA', seed: 3 }).toString('base64');
  const posted = await fetch(`${stack.hub.url}/reads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      reads: [
        { capturedAt: old, camera, read: { plate: '3RTY499', state: 'CA', confidence: 0.9 }, images: { plate: { mime: 'image/png', base64: plateImage } } },
        { capturedAt: old, camera, read: { plate: '3RTZ111', state: 'CA', confidence: 0.9 } },
      ],
    }),
  });
  assert.equal(posted.status, 202);

  const page = await stack.browser.newPage();
  await page.goto(stack.consoleApp.url);
  await signInAndAcknowledge(page, 'dispatch1', 'night-shift-42');
  await page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: '3RTY456' }).waitFor();

  await page.getByRole('navigation', { name: 'Console' }).getByRole('button', { name: 'Plate search' }).click();
  await page.getByLabel('Plate', { exact: true }).fill('3rty4*');
  await page.getByLabel('Purpose', { exact: true }).selectOption({ label: 'Stolen or wanted vehicle' });
  const offered = await page.getByLabel('Purpose', { exact: true }).locator('option').allTextContents();
  assert.ok(!offered.includes('Audit / administration') && !offered.includes('Hit confirmation'), `the console's own purposes are not a search's: ${offered.join(', ')}`);
  await page.getByLabel('Case number (required)').fill('PA-26-0042');
  await page.getByRole('button', { name: 'Search', exact: true }).click();

  const summary = page.getByRole('status').filter({ hasText: '3RTY4*:' });
  await summary.waitFor();
  assert.match((await summary.textContent()) ?? '', /1 hit on this console, 2 reads at the hub/);
  const local = page.getByRole('table', { name: 'Hits on this console' });
  const hub = page.getByRole('table', { name: 'Reads at the hub' });
  await local.getByRole('img', { name: 'Plate image, read 3RTY456' }).waitFor();
  await hub.getByRole('img', { name: 'Plate image, read 3RTY456' }).waitFor();
  await hub.getByRole('img', { name: 'Plate image, read 3RTY499' }).waitFor();
  const loaded = await hub.getByRole('img', { name: 'Plate image, read 3RTY499' }).evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth));
  assert.ok(loaded > 0, 'the image really decodes');
  assert.equal(await hub.getByText('3RTZ111').count(), 0, 'the wildcard matched only what it says');

  // A refused search takes the old results away: they are not its answer.
  await page.getByLabel('Plate', { exact: true }).fill('3*');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText(/at least 2/).first().waitFor();
  await waitFor('the old results gone', async () => (await local.count()) === 0 && (await summary.count()) === 0);
  await page.getByLabel('Plate', { exact: true }).fill('3rty4*');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await local.getByRole('img', { name: 'Plate image, read 3RTY456' }).waitFor();

  // Opening a local result goes to the hit's review.
  await local.getByRole('button', { name: 'Open hit 3RTY456 CA' }).click();
  await page.getByRole('img', { name: 'Plate image' }).first().waitFor();
  await page.getByRole('navigation', { name: 'Console' }).getByRole('button', { name: 'Hotlist entries' }).click();

  await page.getByLabel('Plate', { exact: true }).fill('3RTY4?9');
  await page.getByLabel('Category').selectOption('Felony want');
  await page.getByLabel('Reason', { exact: true }).fill('Partial plate from a witness, armed robbery');
  await page.getByLabel('Notes').fill('Driver described by witness');
  // Listing the entries is a logged lookup: one change here must relist them once, not once
  // for its own answer and again for each announcement of it.
  const listings = async () => {
    const text = await (await fetch(`${stack.hub.url}/audit?workstation=ws-e2e`)).text();
    return text.split('\n').filter((l) => l.includes('"action":"hotlist.list"')).length;
  };
  await waitFor('the screen\'s own listing at the hub', async () => (await listings()) >= 1);
  const before = await listings();
  await page.getByRole('button', { name: 'Add entry' }).click();
  await page.getByRole('status').filter({ hasText: /1 retroactive hit will arrive/ }).waitFor();
  await page.getByRole('table', { name: 'Entries in force' }).getByText('3RTY4?9 any state').waitFor();
  await waitFor('the relisting at the hub', async () => (await listings()) > before);
  await page.waitForTimeout(1500);
  assert.equal((await listings()) - before, 1, 'one relisting for one change');

  await page.getByRole('navigation', { name: 'Console' }).getByRole('button', { name: 'Hit queue' }).click();
  const retro = page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: '3RTY499' });
  await retro.waitFor({ timeout: 20_000 });
  assert.match((await retro.textContent()) ?? '', /RETROACTIVE: an old read, seen/);
  // Opened: the list's side is the entry's pattern and "any state", not the read's own plate.
  await retro.click();
  await page.getByText(/PARTIAL PLATE ON THE LIST \(3RTY4\?9, any state\)/).waitFor();
  const fact = page.locator('.read__facts').getByText(/Hotlist plate/).locator('xpath=..');
  assert.match(await fact.innerText(), /3RTY4\?9 any state partial plate/);

  // The witness was wrong: the entry comes off the list while the hit is open. The review says
  // so and offers to end the hit without a broadcast (W), which takes it out of the queue.
  await page.getByRole('navigation', { name: 'Console' }).getByRole('button', { name: 'Hotlist entries' }).click();
  await page.getByRole('button', { name: 'Remove 3RTY4?9' }).click();
  await page.getByLabel('Reason for removing').fill('Witness retracted');
  await page.getByRole('button', { name: 'Confirm removal' }).click();
  await page.getByText('Entry 3RTY4?9 removed: it no longer matches new reads.').waitFor();
  await page.getByRole('navigation', { name: 'Console' }).getByRole('button', { name: 'Hit queue' }).click();
  const marked = page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: '3RTY499' });
  await marked.filter({ hasText: /withdrawn/i }).waitFor({ timeout: 10_000 });
  await marked.click();
  await page.getByRole('alert').filter({ hasText: /withdrawn .* Witness retracted/ }).waitFor();
  const end = page.getByRole('button', { name: /End: entry withdrawn/ });
  await end.waitFor();
  // Confirmed, the one step left is W: it has the focus, and there is no broadcast to read.
  await page.locator('body').press('c');
  await waitFor('the focus on End: entry withdrawn', () => end.evaluate((el) => el === document.activeElement));
  assert.equal(await page.getByRole('button', { name: 'Mark broadcast' }).count(), 0, 'nothing to read on the radio');
  await page.locator('body').press('w');
  await page.getByLabel('Notes (optional)').fill('Checked with the reporting officer');
  await page.getByLabel('Notes (optional)').press('Enter');
  const ending = page.getByRole('status').filter({ hasText: 'Ended: Entry withdrawn (not broadcast)' });
  await ending.waitFor();
  assert.match(await ending.innerText(), /Notes: Checked with the reporting officer/);
  assert.equal(await page.getByRole('button', { name: 'Mark broadcast' }).count(), 0, 'nothing to read on the radio');
  await page.keyboard.press('Escape'); // leaves the review (3RTY456's new-hit alert stays pinned)
  await page.getByRole('list', { name: 'Hit queue' }).waitFor();
  await waitFor('the ended hit out of the queue', async () => (await page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: '3RTY499' }).count()) === 0);
  await page.close();
});

test('a page of 20 hub reads, each with its image, shows every image and keeps both links up', async () => {
  // socket.io-parser refuses a packet with more than 10 binary attachments by default: the
  // hub's answer with the thumbnails, and the console's answer to the page, both carry 20.
  const camera = postedHit().camera;
  const at = new Date(Date.now() - 86_400_000).toISOString();
  const plates = Array.from({ length: 20 }, (_, i) => `5WID${String(i).padStart(3, '0')}`);
  const reads = plates.map((plate, i) => ({
    capturedAt: at,
    camera,
    read: { plate, state: 'CA', confidence: 0.9 },
    images: { plate: { mime: 'image/png', base64: renderPlatePng({ plate, state: 'CA', seed: 100 + i }).toString('base64') } },
  }));
  const posted = await fetch(`${stack.hub.url}/reads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reads }) });
  assert.equal(posted.status, 202);

  const page = await stack.browser.newPage();
  await page.goto(stack.consoleApp.url);
  await signInAndAcknowledge(page, 'dispatch1', 'night-shift-42');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('button', { name: 'Plate search' }).click();
  await page.getByLabel('Plate', { exact: true }).fill('5WID*');
  await page.getByLabel('Purpose', { exact: true }).selectOption({ label: 'Stolen or wanted vehicle' });
  await page.getByLabel('Case number (required)').fill('PA-26-0043');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /5WID\*:.*20 reads at the hub/ }).waitFor();
  const hub = page.getByRole('table', { name: 'Reads at the hub' });
  const images = hub.getByRole('img', { name: /^Plate image, read 5WID\d{3}$/ });
  await images.nth(19).waitFor();
  assert.equal(await images.count(), 20);
  assert.equal(await hub.getByText('No image').count(), 0);
  const widths = await images.evaluateAll((els) => Promise.all(els.map((el) => (el as HTMLImageElement).decode().then(() => (el as HTMLImageElement).naturalWidth))));
  assert.ok(widths.every((w) => w > 0), 'every image decodes');
  assert.equal(await page.getByText(/RECONNECTING|HUB OFFLINE|REFUSED/).count(), 0, 'no link dropped');
  await page.close();
});
