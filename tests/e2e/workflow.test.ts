// The verification workflow end to end: real Chromium, the real headless console, the real hub
// (its CLETS simulator answers active for a posted match, cleared for a cleared entry).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { hubBasicAuth, type HitEvent } from '../../electron/contract/hub';
import { postedHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { acknowledgeNewHit } from '../helpers/browser';
import { signInAndAcknowledge } from '../helpers/clearance';
import { useConsoleStack } from '../helpers/stack';
import { startHub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';

const stack = useConsoleStack();

async function postHit(plate: string, vehicle = '2015 Honda Civic, white'): Promise<string> {
  const hit = postedHit({ read: { plate, state: 'CA', confidence: 0.9 } });
  hit.matches[0] = { ...hit.matches[0]!, plate, vehicle };
  const res = await fetch(`${stack.hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hit) });
  assert.equal(res.status, 202);
  return ((await res.json()) as { id: string }).id;
}

async function hubSteps(hitId: string, last: string): Promise<string[]> {
  const events = await waitFor(`${last} at the hub`, async () => {
    const list = (await (await fetch(`${stack.hub.url}/hits/${hitId}/events`, { headers: { authorization: hubBasicAuth('ws-e2e', 'e2e-token') } })).json()) as HitEvent[];
    return list.some((e) => e.step === last) ? list : null;
  });
  return events.map((e) => (e.outcome ? `${e.step}:${e.outcome}` : e.step));
}

async function signIn(page: Page): Promise<void> {
  await page.goto(stack.consoleApp.url);
  await signInAndAcknowledge(page, 'dispatch1', 'night-shift-42');
}

const queueRow = (page: Page, plate: string) => page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: plate });

test('the happy path, from the queue to the disposition by keyboard alone: open, confirm, broadcast, CLETS active, results, dispose', async () => {
  const page = await stack.browser.newPage();
  await signIn(page);

  const hitId = await postHit('1ABC234');
  await queueRow(page, '1ABC234').waitFor();
  const banner = page.getByRole('alert').filter({ hasText: /1ABC234/ });
  await page.waitForTimeout(1000); // the dispatcher reads the banner: then Esc acknowledges it
  await page.keyboard.press('Escape');
  await banner.waitFor({ state: 'detached' });
  await page.keyboard.press('j'); // focus the queue
  await page.keyboard.press('Enter');

  const confirm = page.getByRole('button', { name: 'Confirm plate', exact: true });
  await confirm.waitFor();
  assert.equal(await confirm.getAttribute('aria-keyshortcuts'), 'C');
  // The Enter that opened the hit, pressed again (or held), must not confirm a plate nobody
  // has looked at: the plate check alone does not take the focus as the hit opens.
  assert.equal(await confirm.evaluate((el) => el === document.activeElement), false, 'the plate check is not focused on opening');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  assert.equal(await page.getByRole('region', { name: 'Broadcast script' }).count(), 0, 'Enter did not confirm the plate');
  await page.keyboard.press('c');

  const script = page.getByRole('region', { name: 'Broadcast script' });
  await script.waitFor();
  const text = await script.innerText();
  assert.match(text, /Stolen vehicle, SVS list/);
  assert.match(text, /white 2015 Honda Civic/);
  assert.match(text, /California plate 1ABC234: One Adam Boy Charles Two Three Four/);
  assert.match(text, /Main St & 5th Ave, northbound/);
  assert.match(text, /Read at \d\d:\d\d/);
  // The entry's notes are beside the script for the dispatcher to judge, never in what is read out.
  assert.doesNotMatch(text, /Jane Roe/);
  assert.match(await page.getByRole('complementary', { name: 'Hotlist notes' }).innerText(), /SVS: Owner: Jane Roe, reported 11\/24/);
  // From here each next step has the focus, but an Enter right after a step (a double press)
  // is not taken as the next one.
  const broadcast = page.getByRole('button', { name: 'Mark broadcast', exact: true });
  assert.ok(await broadcast.evaluate((el) => el === document.activeElement), 'the next step has the focus');
  await broadcast.evaluate((el) => {
    el.blur();
    el.focus(); // focused just now, as after a step
  });
  await page.keyboard.press('Enter');
  await page.waitForTimeout(100);
  assert.equal(await page.getByRole('button', { name: 'Run CLETS query', exact: true }).count(), 0, 'a bounced Enter did not record the broadcast');
  await page.keyboard.press('b');

  await page.getByRole('button', { name: 'Run CLETS query', exact: true }).waitFor();
  await page.keyboard.press('q');
  const response = page.getByRole('region', { name: 'CLETS response' });
  await response.waitFor();
  assert.match(await response.innerText(), /ACTIVE/);
  assert.match(await response.innerText(), /OCA/);
  const results = page.getByRole('region', { name: 'Broadcast script' });
  assert.match(await results.innerText(), /CLETS return on California plate 1ABC234/);
  await page.keyboard.press('r');

  await page.getByRole('button', { name: 'Dispose', exact: true }).waitFor();
  await page.keyboard.press('d');
  const disposition = page.getByRole('radiogroup', { name: 'Disposition' });
  await disposition.waitFor();
  const submit = page.getByRole('button', { name: 'Confirm disposition' });
  await waitFor('the whole form in view, its button included', async () => {
    const b = await submit.boundingBox();
    return b !== null && b.y >= 0 && b.y + b.height <= page.viewportSize()!.height;
  });
  assert.equal(await disposition.getByRole('radio').count(), 4);
  assert.equal(await disposition.getByRole('radio', { checked: true }).count(), 0, 'no code is chosen for the dispatcher');
  await page.keyboard.press('Enter');
  await page.getByText('Choose one first').waitFor(); // nothing is disposed without a choice
  await page.keyboard.press('Space'); // the first code: Vehicle located
  await page.keyboard.press('Tab');
  await page.keyboard.type('4A12, 4A14');
  // Enter twice, quickly: one disposition, and no refusal of the second under the ending.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.getByText('Ended: Vehicle located').waitFor();
  assert.match(await page.getByText('Units: 4A12, 4A14').innerText(), /4A12, 4A14/);
  await page.waitForTimeout(500);
  assert.equal(await page.getByRole('alert').filter({ hasText: /Refused/ }).count(), 0, 'no refusal shown');

  await page.keyboard.press('Escape');
  await page.getByRole('list', { name: 'Hit queue' }).waitFor();
  assert.equal(await queueRow(page, '1ABC234').count(), 0, 'the ended hit left the queue');
  assert.deepEqual(await hubSteps(hitId, 'released'), [
    'claimed',
    'opened',
    'plate-check:confirmed',
    'broadcast',
    'clets-sent',
    'clets-result:active',
    'results-broadcast',
    'disposed:vehicle-located',
    'released',
  ]);
  await page.close();
});

test('the misread path: a reason and the corrected characters; the camera read stays as it was', async () => {
  const page = await stack.browser.newPage();
  await signIn(page);
  const hitId = await postHit('8BDX123');
  await queueRow(page, '8BDX123').click();
  await page.getByRole('button', { name: 'Misread', exact: true }).click();
  const reasons = page.getByRole('radiogroup', { name: 'Misread reason' });
  await reasons.getByLabel('Wrong characters').check();
  await page.getByLabel('Correct plate, if readable').fill('8bdx 128');
  // One Esc (meant for a banner, or to leave) does not throw away what was entered.
  await page.keyboard.press('Escape');
  await page.getByText('Press Esc again to close this and discard what you entered.').waitFor();
  assert.equal(await page.getByLabel('Correct plate, if readable').inputValue(), '8bdx 128');
  await page.getByRole('button', { name: 'Record misread' }).click();
  await page.getByText('Ended: Misread').waitFor();
  assert.match(await page.getByRole('status').filter({ hasText: 'Ended: Misread' }).innerText(), /Wrong characters · corrected read 8BDX128/);
  assert.equal(await page.getByRole('button', { name: 'Dispose' }).count(), 0, 'a misread is never disposed');
  assert.equal(await page.getByRole('region', { name: 'Broadcast script' }).count(), 0, 'nothing to broadcast');
  assert.match(await page.locator('.read__plate').innerText(), /8BDX123/, 'the camera read is kept');
  await page.getByRole('button', { name: /Back to queue/ }).click();
  assert.equal(await queueRow(page, '8BDX123').count(), 0);
  assert.deepEqual(await hubSteps(hitId, 'released'), ['claimed', 'opened', 'plate-check:misread', 'disposed:misread', 'released']);
  await page.close();
});

test('a refused misread says what to fix in the form\'s words and puts the focus there; long notes are cut at the limit as typed', async () => {
  const page = await stack.browser.newPage();
  await signIn(page);
  await postHit('8OTH123');
  await queueRow(page, '8OTH123').click();
  await page.getByRole('button', { name: 'Misread', exact: true }).click();
  await page.getByRole('radiogroup', { name: 'Misread reason' }).getByLabel('Other (describe)').check();
  await page.getByRole('button', { name: 'Record misread' }).click();
  const error = page.getByRole('alert').filter({ hasText: 'Please check' });
  await error.waitFor();
  assert.match(await error.innerText(), /Please check:\s*What is wrong: describe the misread/);
  assert.doesNotMatch(await error.innerText(), /invalid input|workflow:/, 'no internal names');
  const note = page.getByLabel('What is wrong (needed for Other)');
  assert.ok(await note.evaluate((el) => el === document.activeElement), 'the focus is on the field to fix');
  await page.keyboard.type('x'.repeat(600));
  assert.equal((await note.inputValue()).length, 500, 'the field stops at the 500 characters the core takes');
  await page.getByRole('button', { name: 'Record misread' }).click();
  await page.getByText('Ended: Misread').waitFor();
  // The pressed button is gone: the focus goes to how the hit ended, not to the page.
  await waitFor('focus on the ending', () =>
    page.evaluate(() => document.activeElement?.classList.contains('ending') === true),
  );
  await page.close();
});

test('the cleared-record path: CLETS says cleared, the results broadcast is a disregard, the hit ends as stale list', async () => {
  const page = await stack.browser.newPage();
  await signIn(page);
  await stack.hub.store.upsertHotlist('e2e', [
    {
      id: 'e2e-recovered',
      list: 'SVS',
      reason: 'Stolen vehicle',
      priority: 'high',
      plate: '5CLR001',
      state: 'CA',
      vehicle: '2012 Toyota Camry, silver',
      listUpdatedAt: new Date(Date.now() - 86_400_000).toISOString(),
      cleared: true,
    },
  ]);
  const hitId = await postHit('5CLR001', '2012 Toyota Camry, silver');
  await queueRow(page, '5CLR001').click();
  await page.getByRole('button', { name: 'Confirm plate', exact: true }).click();
  await page.getByRole('button', { name: 'Mark broadcast', exact: true }).click();
  await page.getByRole('button', { name: 'Run CLETS query', exact: true }).click();
  const response = page.getByRole('region', { name: 'CLETS response' });
  await response.waitFor();
  assert.match(await response.innerText(), /CLEARED/);
  assert.match(await response.innerText(), /Differs from the hotlist[\s\S]*cleared on \d{4}-\d\d-\d\d; the SVS hotlist .* still carries it/);
  const disregard = page.getByRole('region', { name: 'Broadcast script' });
  assert.match(await disregard.innerText(), /All units, disregard the ALPR hit at Main St & 5th Ave/);
  assert.match(await disregard.innerText(), /Five Charles Lincoln Robert Zero Zero One/);
  await page.getByRole('button', { name: 'Mark results broadcast', exact: true }).click();
  await page.getByText('Ended: Stale list').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Dispose' }).count(), 0, 'a stale list ends without Dispose');
  assert.deepEqual(await hubSteps(hitId, 'released'), [
    'claimed',
    'opened',
    'plate-check:confirmed',
    'broadcast',
    'clets-sent',
    'clets-result:cleared',
    'results-broadcast',
    'disposed:stale-list',
    'released',
  ]);
  await page.close();
});

test('the key of a later step does nothing before its turn', async () => {
  const page = await stack.browser.newPage();
  await signIn(page);
  await postHit('4REF001');
  await queueRow(page, '4REF001').click();
  await page.getByRole('button', { name: 'Confirm plate', exact: true }).waitFor();
  for (const key of ['b', 'q', 'r', 'd', 't']) await page.keyboard.press(key);
  await page.waitForTimeout(200);
  assert.equal(await page.getByRole('region', { name: 'Broadcast script' }).count(), 0);
  assert.equal(await page.getByRole('radiogroup', { name: 'Disposition' }).count(), 0);
  assert.match(await page.getByRole('heading', { level: 2 }).filter({ hasText: 'Step' }).innerText(), /Step 1 of 5: Check the plate/);
  // A button reached with Tab takes Enter at once: that is a choice, not a key bounce.
  const confirm = page.getByRole('button', { name: 'Confirm plate', exact: true });
  await confirm.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await waitFor('Confirm plate focused by Tab', () => confirm.evaluate((el) => el === document.activeElement));
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Mark broadcast', exact: true }).waitFor({ timeout: 5000 });
  await page.close();
});

test('Esc in a review leaves it, and a new hit\'s banner stays up until the dispatcher has had a moment to see it', async () => {
  const page = await stack.browser.newPage();
  await signIn(page);
  await postHit('4ESC111');
  await queueRow(page, '4ESC111').waitFor();
  await acknowledgeNewHit(page);
  await queueRow(page, '4ESC111').click();
  await page.getByRole('button', { name: 'Confirm plate', exact: true }).waitFor();

  await postHit('4ESC222');
  const banner = page.getByRole('alert').filter({ hasText: /4ESC222/ });
  await banner.waitFor();
  // Two quick presses, to leave the review: the first leaves it, the second comes too soon
  // after the queue came up to silence a hit the dispatcher has not looked at.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.getByRole('list', { name: 'Hit queue' }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await banner.count(), 1, 'the new-hit banner is still up');
  assert.match((await queueRow(page, '4ESC222').textContent()) ?? '', /NEW/);
  // Seen, it goes with Esc, as its button says.
  await page.waitForTimeout(1000);
  await page.keyboard.press('Escape');
  await banner.waitFor({ state: 'detached' });
  await page.close();
});

test('what CLETS returned comes into view below a pinned new-hit banner, not under it', async () => {
  const page = await stack.browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(page);
  await postHit('2PIN345');
  await queueRow(page, '2PIN345').waitFor();
  await acknowledgeNewHit(page);
  await queueRow(page, '2PIN345').focus(); // other tests' hits are in the queue too
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Confirm plate', exact: true }).waitFor();
  await page.keyboard.press('c');
  await page.getByRole('button', { name: 'Mark broadcast', exact: true }).waitFor();
  await page.keyboard.press('b');
  await page.getByRole('button', { name: 'Run CLETS query', exact: true }).waitFor();
  // Another hit comes in meanwhile: its banner stays pinned at the top.
  await postHit('2PIN346');
  const banner = page.locator('.alert-stack');
  await banner.getByText('2PIN346', { exact: true }).waitFor();
  await page.keyboard.press('q');
  const response = page.getByRole('region', { name: 'CLETS response' });
  await response.waitFor();
  await waitFor('the answer below the banners', async () => {
    const [r, b] = await Promise.all([response.boundingBox(), banner.boundingBox()]);
    return r !== null && b !== null && r.y >= b.y + b.height - 1;
  });
  assert.ok(await page.getByRole('button', { name: 'Mark results broadcast', exact: true }).evaluate((el) => el === document.activeElement));
  await page.close();
});

test('after the plate check, the hit script to read is in view from its first line, below a pinned banner', async () => {
  const page = await stack.browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(page);
  await postHit('2SCR345');
  await queueRow(page, '2SCR345').waitFor();
  await acknowledgeNewHit(page);
  await queueRow(page, '2SCR345').click();
  await page.getByRole('button', { name: 'Confirm plate', exact: true }).waitFor();
  // Another hit comes in: its banner is pinned at the top while the script comes up.
  await postHit('2SCR346');
  const banner = page.locator('.alert-stack');
  await banner.getByText('2SCR346', { exact: true }).waitFor();
  await page.keyboard.press('c');
  const script = page.getByRole('region', { name: 'Broadcast script' });
  await script.waitFor();
  await waitFor('the script\'s first line below the banner, on screen', async () => {
    const [sc, b] = await Promise.all([script.boundingBox(), banner.boundingBox()]);
    return sc !== null && b !== null && sc.y >= b.y + b.height - 1 && sc.y < 768;
  });
  assert.ok(await page.getByRole('button', { name: 'Mark broadcast', exact: true }).evaluate((el) => el === document.activeElement), 'its button has the focus');
  await page.close();
});

// Last in this file: it closes the hub and starts it again.
test('a hit worked while the hub is down: CLETS by hand with the focus on its first choice; the offline note goes when the hub is back', async () => {
  const page = await stack.browser.newPage();
  await signIn(page);
  await postHit('7OFF123');
  await queueRow(page, '7OFF123').waitFor();
  await acknowledgeNewHit(page);
  const port = stack.hub.port;
  await stack.hub.close();
  await page.getByText(/Offline since/).first().waitFor();

  await queueRow(page, '7OFF123').click();
  const note = page.getByText('The hub is not reachable: you are working this hit on this console only', { exact: false });
  await note.waitFor();
  await page.getByRole('button', { name: 'Confirm plate', exact: true }).waitFor();
  await page.keyboard.press('c');
  await page.getByRole('button', { name: 'Mark broadcast', exact: true }).waitFor();
  await page.keyboard.press('b');
  await page.getByText('CLETS runs on a separate terminal here', { exact: false }).waitFor();
  await page.keyboard.press('q');
  const first = page.getByRole('radio', { name: 'Active record' });
  await first.waitFor();
  await waitFor('the first choice of what CLETS returned has the focus', () => first.evaluate((el) => el === document.activeElement));
  // Space chooses, E records it.
  await page.keyboard.press('Space');
  assert.ok(await first.isChecked());
  await page.keyboard.press('e');
  await page.getByRole('button', { name: 'Mark results broadcast', exact: true }).waitFor();

  stack.hub = await startHub({ port, dataDir: stack.hubDir, tokens: parseHubTokens('ws-e2e=e2e-token') });
  await page.getByText('Connected', { exact: true }).first().waitFor({ timeout: 20_000 });
  await note.waitFor({ state: 'detached', timeout: 15_000 });
  await page.close();
});
