// Issue 5 end to end in real Chromium against the real headless console and hub: admin screens,
// XSS payloads in every user-visible text field stay inert, policy acknowledgement, the lock
// screen (Ctrl+L), and lockout after 5 failures with an alert, undone by an admin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startHub, type Hub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { tempDir } from '../helpers/tmp';
import { postedHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { launchBrowser } from '../helpers/browser';
import { startConsole, type Started } from '../helpers/processes';
import { acknowledgePolicyVia, signInAndAcknowledge, TRAINED } from '../helpers/clearance';
import { UiClient } from '../helpers/ui-client';

let hub: Hub;
let app: Started;
let browser: Browser;

/** The password disp2 chooses at first sign-in, in place of the one the admin set. */
const OWN_PASSWORD = 'second-own-pass-8';

const XSS = (n: number) => `<img src=x onerror="window.__xss=${n}"><script>window.__xss=${n}</script>`;

before(async () => {
  hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-auth=auth-token') });
  app = await startConsole(
    { data: tempDir(), hub: hub.url },
    { ALPR_WORKSTATION_ID: 'ws-auth', ALPR_HUB_TOKEN: 'auth-token', ALPR_CONSOLE_BOOTSTRAP_USER: `chief:admin-pass-2026:admin:${TRAINED}` },
  );
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
  await hub?.close();
});

async function ok(p: Promise<{ ok: boolean; value?: unknown }>): Promise<unknown> {
  const r = await p;
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

async function assertInert(page: Page, where: string): Promise<void> {
  const state = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: number }).__xss ?? null,
    imgs: document.querySelectorAll('img[src="x"]').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent?.includes('__xss')).length,
  }));
  assert.deepEqual(state, { xss: null, imgs: 0, scripts: 0 }, where);
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}

test('admin creates a user with hostile text; it shows as text everywhere; the user acknowledges the policy, locks with Ctrl+L and unlocks', async () => {
  const res = await fetch(`${hub.url}/hits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(postedHit({ read: { plate: '8XSS001', state: 'CA', confidence: 0.9 }, matches: [{ ...postedHit().matches[0]!, plate: '8XSS001', reason: XSS(4), notes: XSS(5) }] })),
  });
  assert.equal(res.status, 202);

  const page = await browser.newPage();
  await page.goto(app.url);
  await signInAndAcknowledge(page, 'chief', 'admin-pass-2026');
  await page.getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('heading', { name: 'Administration' }).waitFor();
  // The hub link is shown as it is here too, not as "Checking…".
  await page.getByRole('status', { name: 'Hub connection' }).getByText(/connected/i).waitFor({ timeout: 5000 });
  // Nothing filled in: one plain sentence per field, each field once, no internal names.
  await page.getByRole('button', { name: 'Create user' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'Please check:' });
  await refusal.waitFor();
  const said = await refusal.innerText();
  assert.match(said, /Username: [^.]+\..* Display name: [^.]+\./s);
  assert.equal(said.match(/Username:/g)?.length, 1, said);
  assert.doesNotMatch(said, /displayName|invalid input/);
  await page.locator('#new-username').fill('disp2');
  await page.locator('#new-display').fill(XSS(1));
  await page.locator('#new-badge').fill(XSS(2).slice(0, 32));
  await page.locator('#new-password').fill('password1');
  await page.getByRole('button', { name: 'Create user' }).click();
  await page.getByText(/common or breached/).waitFor();
  await page.locator('#new-password').fill('long-dispatch-pass-7');
  // Enter pressed twice (a heavy hand at 3 a.m.): one user, and no refusal of an emptied form.
  await page.locator('#new-password').press('Enter');
  await page.keyboard.press('Enter');
  await page.getByText('User disp2 created.').waitFor();
  // And once more just after it was created: still the same press, not an empty form sent.
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  assert.equal(await page.getByRole('alert').filter({ hasText: 'Please check' }).count(), 0);
  await page.getByRole('row', { name: /disp2/ }).getByRole('cell', { name: 'active (temporary password)' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'new-username', 'ready for the next user');
  await page.getByRole('cell', { name: XSS(1) }).waitFor();
  await page.getByRole('button', { name: 'Edit disp2' }).click();
  await page.locator('#training-course').fill(XSS(3).slice(0, 200));
  await page.locator('#training-trainer').fill('Sgt. <b>Ray</b>');
  await page.getByRole('button', { name: 'Record training' }).click();
  await page.getByText('Training recorded for disp2.').waitFor();
  // Said in the training form itself, above its button, not under another form.
  assert.equal(await page.locator('form').filter({ has: page.getByRole('button', { name: 'Record training' }) }).getByText('Training recorded for disp2.').count(), 1);
  await page.locator('#policy-text').fill(`${XSS(6)}\n\nUse ALPR data for official law enforcement purposes only.`);
  await page.getByRole('button', { name: 'Publish new version' }).click();
  await page.getByText(/New policy version published/).waitFor();
  await assertInert(page, 'admin screen');
  await signOut(page);

  await page.getByLabel('Username').fill('disp2');
  await page.getByLabel('Password').fill('long-dispatch-pass-7');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The admin knows that password: disp2 chooses their own before anything else.
  await page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'I acknowledge' }).count(), 0);
  assert.equal(await page.getByRole('navigation', { name: 'Console' }).count(), 0, 'no screens before that');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pw-current');
  await page.keyboard.type('long-dispatch-pass-7');
  await page.getByLabel('New password', { exact: true }).fill(OWN_PASSWORD);
  await page.getByLabel('New password again').fill(`${OWN_PASSWORD}x`);
  await page.keyboard.press('Enter');
  await page.getByText('the two new passwords are not the same').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pw-again', 'focus on the field to fix');
  await page.getByLabel('New password again').fill(OWN_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Usage and privacy policy' }).waitFor();
  // Signed in: the bar says who, with Sign out, before the policy is acknowledged too.
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  assert.equal(await page.title(), 'ALPR Hit Console');
  await page.getByText(XSS(6)).waitFor();
  await assertInert(page, 'policy screen');
  assert.equal(await page.getByRole('list', { name: 'Hit queue' }).count(), 0, 'no data before acknowledging');
  // The focus is on the policy text (the sign-in form is gone), one Tab from "I acknowledge".
  await waitFor('focus on the policy text', () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') === 'Policy text'));
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'I acknowledge');
  await page.getByRole('button', { name: 'I acknowledge' }).click();
  const queue = page.getByRole('list', { name: 'Hit queue' });
  await queue.getByText('8XSS001').waitFor();
  await page.getByText(XSS(1)).first().waitFor();
  await assertInert(page, 'queue');

  // Locked in the middle of a review, the same user unlocking comes back to that hit.
  await queue.getByText('8XSS001').click();
  const review = page.getByRole('region', { name: 'Hotlist match' });
  await review.filter({ hasText: '8XSS001' }).waitFor();
  await page.keyboard.press('Control+l');
  await page.getByRole('heading', { name: 'Console locked' }).waitFor();
  assert.equal(await queue.count(), 0);
  assert.equal(await page.getByText('8XSS001').count(), 0, 'nothing of the data while locked');
  await page.getByLabel('Password').fill('not-my-password');
  await page.getByRole('button', { name: 'Unlock' }).click();
  // The lock screen names the user: only the password can be wrong.
  await page.getByRole('alert').getByText(/^wrong password$/i).waitFor();
  await page.getByLabel('Password').fill(OWN_PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await review.filter({ hasText: '8XSS001' }).waitFor();
  await page.getByRole('button', { name: /Back to queue/ }).click();
  await queue.getByText('8XSS001').waitFor();
  await assertInert(page, 'after unlock');
  await signOut(page);
  await page.close();
});

test('lockout: the 5th failure locks with an alert, the right password is refused, an admin unlocks it', async () => {
  const page = await browser.newPage();
  await page.goto(app.url);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Username').fill('disp2');
    await page.getByLabel('Password').fill(`wrong-${i}-password`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText(i < 4 ? /wrong username or password/ : /locked/).waitFor();
  }
  await page.getByLabel('Username').fill('disp2');
  await page.getByLabel('Password').fill(OWN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').getByText(/locked after too many failed sign-ins/).waitFor();
  assert.equal(await page.getByRole('list', { name: 'Hit queue' }).count(), 0);

  await signInAndAcknowledge(page, 'chief', 'admin-pass-2026');
  await page.getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('cell', { name: 'locked' }).waitFor();
  await page.getByRole('button', { name: 'Edit disp2' }).click();
  await page.getByRole('button', { name: 'Unlock account' }).click();
  await page.getByText('Unlocked disp2.').waitFor();
  await signOut(page);
  await signInAndAcknowledge(page, 'disp2', OWN_PASSWORD);

  // Switch user at a locked console: the first session ends, the new user is in.
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('heading', { name: 'Console locked' }).waitFor();
  await page.getByRole('button', { name: 'Switch user' }).click();
  await page.getByLabel('Username').fill('chief');
  await page.getByLabel('Password').fill('admin-pass-2026');
  await page.getByRole('button', { name: 'Sign in as another user' }).click();
  await page.getByRole('button', { name: 'Administration' }).waitFor();
  await page.getByText('(admin)').waitFor();
  await page.close();
});

test('the Administration screen keeps the bar of screens: a click or Alt+N opens that screen, and leaving Administration returns to the queue', async () => {
  const page = await browser.newPage();
  await page.goto(app.url);
  await signInAndAcknowledge(page, 'chief', 'admin-pass-2026');
  const toAdmin = async () => {
    await page.getByRole('button', { name: 'Administration' }).click();
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
  };
  await toAdmin();
  const nav = page.getByRole('navigation', { name: 'Console' });
  await nav.getByRole('button', { name: 'Audit log' }).click();
  await page.getByRole('heading', { level: 1, name: 'Audit review' }).waitFor();
  await toAdmin();
  await page.keyboard.press('Alt+1');
  await page.getByRole('list', { name: 'Hit queue' }).waitFor();
  await toAdmin();
  await nav.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  // The user menu's Administration toggles back to the queue, not to the screen last picked.
  await toAdmin();
  await page.getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('list', { name: 'Hit queue' }).waitFor();
  await page.close();
});

test('an admin changes which hotlists dispatchers see: a dispatcher\'s open queue follows at once, both ways', async () => {
  const post = async (plate: string, list: string) => {
    const hit = postedHit({ read: { plate, state: 'CA', confidence: 0.9 } });
    hit.matches[0] = { ...hit.matches[0]!, plate, list };
    assert.equal((await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hit) })).status, 202);
  };
  await post('4LST001', 'SVS');
  await post('4LST002', 'Local BOLO');
  const admin = await UiClient.connect(app.url);
  try {
    await ok(admin.call('session:sign-in', { username: 'chief', password: 'admin-pass-2026' }));
    await acknowledgePolicyVia((c, i) => admin.call(c, i));
    const made = (await ok(admin.call('admin:create-user', { username: 'disp4', password: 'temporary-pass-4', displayName: 'Lee Lists', role: 'dispatcher' }))) as { user: { id: number } };
    await ok(admin.call('admin:record-training', { id: made.user.id, date: TRAINED, course: 'ALPR policy', trainer: 'Lt. Cruz' }));
    const first = await UiClient.connect(app.url);
    await ok(first.call('session:sign-in', { username: 'disp4', password: 'temporary-pass-4' }));
    await ok(first.call('session:change-password', { current: 'temporary-pass-4', next: 'fourth-own-pass-8' }));
    first.close();

    const page = await browser.newPage();
    await page.goto(app.url);
    await signInAndAcknowledge(page, 'disp4', 'fourth-own-pass-8');
    const queue = page.getByRole('list', { name: 'Hit queue' });
    const row = (plate: string) => queue.getByRole('listitem').filter({ hasText: plate });
    await row('4LST001').waitFor();
    await row('4LST002').waitFor();

    const settings = (await ok(admin.call('admin:security-settings', {}))) as Record<string, unknown>;
    const { unknownLists: _ignored, ...current } = settings as Record<string, unknown> & { unknownLists?: unknown };
    await ok(admin.call('admin:update-security-settings', { ...current, roleLists: { dispatcher: ['Local BOLO'], supervisor: null, admin: null, auditor: null } }));
    await row('4LST001').waitFor({ state: 'detached' });
    await page.getByText('Your role sees only hits from: Local BOLO').waitFor();
    assert.equal(await row('4LST002').count(), 1);

    await ok(admin.call('admin:update-security-settings', { ...current, roleLists: { dispatcher: null, supervisor: null, admin: null, auditor: null } }));
    await row('4LST001').waitFor();
    assert.equal(await page.getByText('Your role sees only hits from').count(), 0);
    await page.close();
  } finally {
    admin.close();
  }
});

test('an admin\'s unsaved edit of one user is not dropped by pressing Edit on another: a second press leaves it', async () => {
  const page = await browser.newPage();
  await page.goto(app.url);
  await signInAndAcknowledge(page, 'chief', 'admin-pass-2026');
  await page.getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('button', { name: 'Edit disp2' }).click();
  await page.getByRole('heading', { name: 'Edit disp2' }).waitFor();
  await page.locator('#edit-display').fill('Typed, not saved');
  await page.getByRole('button', { name: 'Edit chief' }).click();
  await page.getByRole('status').filter({ hasText: 'disp2 has changes not saved' }).waitFor();
  assert.equal(await page.locator('#edit-display').inputValue(), 'Typed, not saved', 'still there');
  await page.getByRole('button', { name: 'Edit chief' }).click();
  await page.getByRole('heading', { name: 'Edit chief' }).waitFor();
  assert.equal(await page.getByRole('status').filter({ hasText: 'has changes not saved' }).count(), 0);
  await page.close();
});

test('an admin changes the workflow settings on the Settings screen: bad input is named, a good change is saved and audited', async () => {
  const page = await browser.newPage();
  await page.goto(app.url);
  await signInAndAcknowledge(page, 'chief', 'admin-pass-2026');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Workflow settings' });
  const codes = form.getByLabel(/Disposition codes/);
  await codes.waitFor();
  assert.match(await codes.inputValue(), /^vehicle-located = Vehicle located$/m);
  // A code the workflow sets itself is refused, the line named.
  await codes.fill(`${await codes.inputValue()}\nmisread = Misread again`);
  await form.getByRole('button', { name: 'Save workflow settings' }).click();
  await form.getByRole('alert').filter({ hasText: /Disposition codes: .*set by the workflow itself/ }).waitFor();
  // A new code, and CLETS first.
  await codes.fill((await codes.inputValue()).replace('\nmisread = Misread again', '\nTowed'));
  await form.getByLabel('Order of the steps').selectOption({ label: 'CLETS first, then the broadcast' });
  await form.getByRole('button', { name: 'Save workflow settings' }).click();
  await form.getByRole('status').filter({ hasText: /^Saved: Order, Disposition codes\./ }).waitFor();
  assert.match(await codes.inputValue(), /^towed = Towed$/m, 'a line without a code takes one from its label');
  // On the audit record (forwarded to the hub) with what it was before.
  const change = await waitFor('the change on the record at the hub', async () => {
    const text = await (await fetch(`${hub.url}/audit?workstation=ws-auth`)).text();
    return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { action: string; outcome: string; data: Record<string, unknown> })
      .find((r) => r.action === 'workflow.settings' && r.outcome === 'ok');
  });
  assert.match(JSON.stringify(change.data), /clets-first/);
  await page.close();
});

test('an administrator without training on record is told how to record it, not to ask an administrator', async () => {
  const admin = await UiClient.connect(app.url);
  try {
    await ok(admin.call('session:sign-in', { username: 'chief', password: 'admin-pass-2026' }));
    await acknowledgePolicyVia((c, i) => admin.call(c, i));
    await ok(admin.call('admin:create-user', { username: 'admin5', password: 'temporary-pass-5', displayName: 'New Admin', role: 'admin' }));
  } finally {
    admin.close();
  }
  const first = await UiClient.connect(app.url);
  await ok(first.call('session:sign-in', { username: 'admin5', password: 'temporary-pass-5' }));
  await ok(first.call('session:change-password', { current: 'temporary-pass-5', next: 'fifth-own-pass-8' }));
  first.close();
  const page = await browser.newPage();
  await page.goto(app.url);
  const heading = page.getByRole('heading', { name: 'Training not recorded' });
  await signInAndAcknowledge(page, 'admin5', 'fifth-own-pass-8', heading);
  const text = await page.locator('section.auth').innerText();
  assert.match(text, /you may record it yourself: Administration, then your own account, then Record training/);
  assert.doesNotMatch(text, /Ask your supervisor/);
  await page.close();
});
