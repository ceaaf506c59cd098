// The purposes and lookup rules section of Administration in real Chromium against the real
// headless console: each change says what happened (a status line, or an alert naming why it was
// refused, which clears the last success), and the table shows what is stored afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { tempDir } from '../helpers/tmp';
import { launchBrowser } from '../helpers/browser';
import { startConsole, type Started } from '../helpers/processes';
import { signInAndAcknowledge, TRAINED } from '../helpers/clearance';

let app: Started;
let browser: Browser;

before(async () => {
  app = await startConsole({ data: tempDir() }, { ALPR_WORKSTATION_ID: 'ws-purposes', ALPR_CONSOLE_BOOTSTRAP_USER: `chief:admin-pass-2026:admin:${TRAINED}` });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

test('an admin adds, refuses a duplicate of, changes and retires a purpose, and saves the lookup rules', async () => {
  const page = await browser.newPage();
  await page.goto(app.url);
  await signInAndAcknowledge(page, 'chief', 'admin-pass-2026');
  await page.getByRole('button', { name: 'Administration' }).click();
  const section = page.getByRole('region', { name: 'Purposes and lookup rules' });
  const table = section.getByRole('table', { name: 'Purposes' });
  const status = section.getByRole('status');
  const alert = section.getByRole('alert');

  await section.getByLabel('New purpose').fill('Fleet audit');
  await section.getByRole('button', { name: 'Add purpose' }).click();
  await status.filter({ hasText: 'Added "Fleet audit".' }).waitFor();
  const row = table.getByRole('row').filter({ hasText: 'Fleet audit' });
  await row.waitFor();
  assert.equal(await section.getByLabel('New purpose').inputValue(), '', 'the form is emptied after a success');

  // The same name again is refused: the alert says why, and the earlier success line is gone.
  await section.getByLabel('New purpose').fill('Fleet audit');
  await section.getByRole('button', { name: 'Add purpose' }).click();
  await alert.filter({ hasText: 'a purpose "Fleet audit" already exists' }).waitFor();
  assert.equal(await status.count(), 0, 'an empty status line is hidden');
  assert.equal(await table.getByRole('row').filter({ hasText: 'Fleet audit' }).count(), 1, 'nothing was added');

  // The box shows what is stored: it changes once the core has saved the change.
  await section.getByLabel('Fleet audit needs a case number').click();
  await status.filter({ hasText: '"Fleet audit" no longer needs a case number.' }).waitFor();
  assert.equal(await alert.count(), 0, 'a success clears the last refusal');
  await section.locator('input[aria-label="Fleet audit needs a case number"]:not(:checked)').waitFor();

  await section.getByRole('button', { name: 'Retire Fleet audit' }).click();
  await status.filter({ hasText: 'Retired "Fleet audit".' }).waitFor();
  await row.getByRole('cell', { name: 'retired' }).waitFor();
  await section.getByRole('button', { name: 'Reactivate Fleet audit' }).waitFor();

  await section.getByLabel('Every plate search needs a case number').uncheck();
  await section.getByRole('button', { name: 'Save rules' }).click();
  await status.filter({ hasText: 'Lookup rules saved.' }).waitFor();
  await page.close();
});
