// The second reading on the review screen, in real Chromium against the real headless console
// and hub: a hit whose camera read has a look-alike substitution shows the doubtful character
// highlighted beside the plate image, worded as advice, with the model's measured accuracy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { postedHit } from '../helpers/hits';
import { acknowledgeNewHit } from '../helpers/browser';
import { signInAndAcknowledge } from '../helpers/clearance';
import { useConsoleStack } from '../helpers/stack';
import { cropPlate, encodeJpeg, platesAvailable, readPhotos, PLATES_DIR } from '../../tools/ocr-model/plates';

const skip = platesAvailable() ? false : `no benchmark photos at ${PLATES_DIR}`;
const stack = useConsoleStack();
const card = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'assets', 'models', 'plate-ocr.card.json'), 'utf8')) as Record<string, number>;

async function postHit(plate: string, image: Buffer): Promise<void> {
  const hit = postedHit({ read: { plate, state: 'CA', confidence: 0.9 } }, image, 'image/jpeg');
  hit.matches[0] = { ...hit.matches[0]!, plate };
  const res = await fetch(`${stack.hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hit) });
  assert.equal(res.status, 202);
}

async function openHit(page: Page, plate: string): Promise<void> {
  await page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: plate }).click();
  await page.getByRole('heading', { name: 'Hit review' }).waitFor();
}

test('the review screen highlights the character the second reading doubts, as advice, with the model accuracy', { skip }, async () => {
  // us3.jpg shows plate 9185914; the camera is made to read its 8 as a B.
  const photo = readPhotos().find((p) => p.region === 'us' && p.name === 'us3.jpg')!;
  const crop = Buffer.from(encodeJpeg(cropPlate(photo)));
  const page = await stack.browser.newPage();
  await page.goto(stack.consoleApp.url);
  await signInAndAcknowledge(page, 'dispatch1', 'night-shift-42');

  await postHit('91B5914', crop);
  await postHit('9185914', crop);
  await page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: '9185914' }).waitFor();
  await acknowledgeNewHit(page);
  // The queue already marks the doubtful hit, before anyone opens it, and only that one.
  const rows = page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem');
  await rows.filter({ hasText: '91B5914' }).getByText('Possible misread: check the image').waitFor();
  assert.equal(await rows.filter({ hasText: 'Possible misread' }).count(), 1);

  await openHit(page, '91B5914');
  const panel = page.getByRole('region', { name: 'Second reading' });
  const advice = panel.getByText('Second reading suggests position 3 may be 8, not B — check the image.');
  await advice.waitFor();
  assert.match(await panel.getByRole('heading').innerText(), /possible misread/);
  const doubtful = panel.locator('mark');
  assert.equal(await doubtful.count(), 1, 'one character is in doubt');
  assert.match(await doubtful.innerText(), /^B\s+8$/, "the camera's B, with the 8 the image suggests under it");
  const colours = await panel.evaluate((el) => {
    const mark = el.querySelector('mark')!;
    const plain = el.querySelector('.second-reading__char:not(mark)')!;
    return { mark: getComputedStyle(mark).backgroundColor, plain: getComputedStyle(plain).backgroundColor };
  });
  assert.notEqual(colours.mark, colours.plain, 'the doubtful character stands out');
  // The panel sits next to the plate image, and says how far to trust it.
  assert.equal(await page.locator('.review__column').filter({ has: page.getByRole('group', { name: 'Plate crop, zoomable' }) }).getByRole('region', { name: 'Second reading' }).count(), 1);
  const trust = await panel.innerText();
  assert.match(trust, /Advice only, not a decision/);
  assert.match(trust, new RegExp(`read ${card.exactPercent} % of plates exactly`));
  assert.match((await panel.getAttribute('title')) ?? '', new RegExp(`${card.lookalikeFlaggedPercent} % of look-alike`));
  // The big camera read above the evidence marks the same character, with a note, so the doubt
  // is seen even where the panel is below the fold.
  const read = page.locator('.read');
  assert.deepEqual(await read.locator('.plate-text mark').allInnerTexts(), ['B']);
  assert.equal(await read.locator('.plate-text').innerText(), '91B5914');
  assert.match(await read.getByRole('note').innerText(), /Possible misread: check the marked character$/);
  // The reading's state is among the read's facts, in view without scrolling (1280 x 720).
  const fact = read.locator('dt', { hasText: 'Second reading' }).locator('xpath=following-sibling::dd');
  assert.equal(await fact.innerText(), 'Possible misread');
  const box = (await fact.boundingBox())!;
  assert.ok(box.y + box.height <= page.viewportSize()!.height, `the fact is above the fold (bottom at ${box.y + box.height} px)`);
  // Nothing was decided for the dispatcher: the plate check is still theirs to make.
  await page.getByRole('button', { name: 'Confirm plate', exact: true }).waitFor();

  await page.getByRole('button', { name: /Back to queue/ }).click();
  await openHit(page, '9185914');
  await panel.getByRole('heading', { name: 'Second reading agrees with the camera’s read' }).waitFor();
  assert.equal(await panel.locator('mark').count(), 0, 'nothing highlighted when the image supports the read');
  assert.equal(await page.locator('.read mark').count(), 0, 'nor in the camera read');
  assert.equal(await page.locator('.read').getByRole('note').count(), 0);
  assert.equal(await fact.innerText(), 'Agrees');
  await page.close();
});
