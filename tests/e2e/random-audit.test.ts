// Issue 6 item 10 end to end in real Chromium against the real headless console: a dispatcher's
// plate searches are in the log; an auditor opens "Random audit", draws a sample (never their
// own lookups), records a finding for each sampled lookup (closing early is refused), closes
// the audit with a summary and exports the report as CSV; the download holds the findings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { tempDir } from '../helpers/tmp';
import { launchBrowser } from '../helpers/browser';
import { startConsole, type Started } from '../helpers/processes';
import { UiClient } from '../helpers/ui-client';
import { acknowledgePolicyVia, signInAndAcknowledge, TRAINED } from '../helpers/clearance';
import { localDate } from '../../electron/core/shiftlog/periods';

let app: Started;
let browser: Browser;

async function ok(p: Promise<{ ok: boolean; value?: unknown }>): Promise<unknown> {
  const r = await p;
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

const OWN_PASSWORD = 'own-audit-pass-2027';

/** The auditor ia1 signs in (acknowledging the policy the first time); the bar of screens. */
async function signInAuditor(page: Page): Promise<Locator> {
  await page.goto(app.url);
  const nav = page.getByRole('navigation', { name: 'Console' });
  await signInAndAcknowledge(page, 'ia1', OWN_PASSWORD, nav);
  return nav;
}

before(async () => {
  app = await startConsole({ data: tempDir() }, { ALPR_WORKSTATION_ID: 'ws-ra', ALPR_AGENCY_NAME: 'San Jose Police Department', ALPR_CONSOLE_BOOTSTRAP_USER: `chief:admin-pass-2026:admin:${TRAINED}` });
  browser = await launchBrowser();
  // The admin creates an auditor and a dispatcher (trained); the dispatcher searches plates.
  const admin = await UiClient.connect(app.url);
  try {
    await ok(admin.call('session:sign-in', { username: 'chief', password: 'admin-pass-2026' }));
    await acknowledgePolicyVia((c, i) => admin.call(c, i));
    for (const [username, role, displayName] of [['ia1', 'auditor', 'Inv. Ida Auditor'], ['disp', 'dispatcher', 'Dana Dispatcher']] as const) {
      const made = (await ok(admin.call('admin:create-user', { username, password: 'audit-pass-2026', displayName, role }))) as { user: { id: number } };
      await ok(admin.call('admin:record-training', { id: made.user.id, date: TRAINED, course: 'ALPR policy', trainer: 'Lt. Cruz' }));
    }
  } finally {
    admin.close();
  }
  // Each chooses their own password in place of the one the admin set.
  for (const username of ['ia1', 'disp']) {
    const first = await UiClient.connect(app.url);
    try {
      await ok(first.call('session:sign-in', { username, password: 'audit-pass-2026' }));
      await ok(first.call('session:change-password', { current: 'audit-pass-2026', next: OWN_PASSWORD }));
    } finally {
      first.close();
    }
  }
  const disp = await UiClient.connect(app.url);
  try {
    await ok(disp.call('session:sign-in', { username: 'disp', password: OWN_PASSWORD }));
    await acknowledgePolicyVia((c, i) => disp.call(c, i));
    const purposes = (await ok(disp.call('purposes:list', {}))) as { purposes: { id: number; label: string }[] };
    const serial = purposes.purposes.find((p) => p.label === 'Serial-crime investigation')!;
    for (const [i, pattern] of ['7ABC*', '8XY?123', '5LMN*'].entries()) {
      await ok(disp.call('search:plates', { pattern, purpose: { purposeId: serial.id, caseNumber: `SJ-26-00${i + 1}` } }));
    }
  } finally {
    disp.close();
  }
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

test('an auditor draws a sample, records findings, closes the audit and exports it as CSV', async () => {
  const page = await browser.newPage({ acceptDownloads: true });
  const nav = await signInAuditor(page);
  await nav.getByRole('button', { name: 'Random audit' }).click();
  await page.getByRole('heading', { name: 'Random audit', level: 1 }).waitFor();

  // Draw 3 of the dispatcher's lookups (the default period: the last 30 days).
  const form = page.getByRole('form', { name: 'Draw a sample' });
  await form.getByLabel('Sample size').fill('3');
  await form.getByRole('checkbox', { name: 'Plate searches' }).check();
  await form.getByRole('button', { name: 'Draw sample' }).click();
  await page.getByRole('status').filter({ hasText: /^Drew 3 of 3 lookups as RA-1\.$/ }).waitFor();
  const sample = page.getByRole('table', { name: 'Sampled lookups' });
  assert.equal(await sample.getByRole('row').count(), 4, 'a header and three lookups');
  for (const c of ['SJ-26-001', 'SJ-26-002', 'SJ-26-003']) await sample.getByRole('cell', { name: c }).waitFor();
  assert.equal(await sample.getByRole('cell', { name: /ia1/ }).count(), 0, "never the auditor's own");

  // Closing before every lookup has a finding is refused.
  const closeForm = page.getByRole('form', { name: 'Close the audit' });
  await closeForm.getByLabel('Summary').fill('Sample reviewed.');
  await closeForm.getByRole('button', { name: 'Close audit' }).click();
  await page.getByRole('alert').filter({ hasText: '3 sampled lookups have no finding yet' }).waitFor();

  // A finding per lookup, by keyboard: choose, type the note, Enter saves.
  const findings = ['Legitimate', 'Violation', 'Needs follow-up'];
  const selects = sample.getByRole('combobox', { name: /^Finding for lookup \d+$/ });
  for (let i = 0; i < 3; i++) {
    await selects.nth(i).selectOption({ label: findings[i]! });
    const note = sample.getByRole('textbox', { name: /^Note for lookup \d+$/ }).nth(i);
    await note.fill(`Reviewed ${i + 1}`);
    await note.press('Enter');
    await sample.getByText(`Recorded: ${findings[i]}`).waitFor();
  }
  await page.getByText('1 legitimate, 1 needs follow-up, 1 violation, 0 pending').first().waitFor();

  await closeForm.getByRole('button', { name: 'Close audit' }).click();
  await page.getByRole('status').filter({ hasText: /^RA-1 closed: 1 legitimate, 1 needs follow-up, 1 violation, 0 pending\.$/ }).waitFor();
  // Closed: the findings are shown, no longer editable, and the list says so.
  assert.equal(await selects.count(), 0);
  await page.getByRole('table', { name: 'Audits' }).getByRole('cell', { name: 'Closed', exact: true }).waitFor();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  assert.match(download.suggestedFilename(), /^random-audit-RA-1-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = fs.readFileSync((await download.path())!, 'utf8').split('\r\n');
  assert.equal(lines[0], 'Random audit report,San Jose Police Department');
  assert.ok(lines.includes('Auditor,Inv. Ida Auditor (ia1)'));
  assert.ok(lines.includes('Findings,legitimate 1; needs follow-up 1; violation 1; pending 0'));
  assert.ok(lines.includes('Summary,Sample reviewed.'));
  const h = lines.findIndex((l) => l.startsWith('#,Seq,Record ID'));
  const rows = lines.slice(h + 1).filter(Boolean);
  assert.equal(rows.length, 3);
  for (const f of findings) assert.ok(rows.some((r) => r.includes(`,search.plates,granted,`) && r.includes(`,${f},Reviewed `)), `${f}: ${rows.join('\n')}`);
  await page.getByRole('status').filter({ hasText: /^Exported 3 lookups as random-audit-RA-1-/ }).waitFor();
  await page.close();
});

test('an auditor reads the sharing requests and the shared-with report, and cannot register, decide or export', async () => {
  // The admin files one request; it waits for a decision.
  const admin = await UiClient.connect(app.url);
  try {
    await ok(admin.call('session:sign-in', { username: 'chief', password: 'admin-pass-2026' }));
    const today = localDate(Date.now());
    await ok(admin.call('records:register-request', {
      agencyName: 'Santa Clara County Sheriff', agencyType: 'ca-law-enforcement', requesterName: 'Det. Ortiz',
      requesterContact: 'ortiz@example.org', purpose: 'Burglary series', requestedOn: today, plates: ['7ABC123'],
      periodFrom: today, periodTo: today,
    }));
  } finally {
    admin.close();
  }
  const page = await browser.newPage();
  const nav = await signInAuditor(page);
  await nav.getByRole('button', { name: 'Sharing requests' }).click();
  await page.getByRole('heading', { name: 'Retention and sharing' }).waitFor();
  // Only what an auditor may read: no retention or legal-hold tabs.
  assert.deepEqual(await page.getByRole('tab').allInnerTexts(), ['Sharing requests', 'Shared-with report']);
  const table = page.getByRole('table', { name: 'Sharing requests' });
  await table.getByRole('cell', { name: 'Santa Clara County Sheriff' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Register request' }).count(), 0, 'no registering');
  await page.getByRole('button', { name: 'Open SR-1' }).click();
  await page.getByText(/Det\. Ortiz .* purpose: Burglary series/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0, 'no deciding');
  await page.getByRole('tab', { name: 'Shared-with report' }).click();
  await page.getByText('Nothing has been shared.').waitFor();
  await page.close();
});
