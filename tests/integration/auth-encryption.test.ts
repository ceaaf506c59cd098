// Issue 5: hotlist fields that can name people are encrypted at rest. A hit with a name, a
// date of birth and notes travels hub -> console, is opened (lookup record, workflow), and
// the raw database file and its WAL are scanned: none of the plaintext is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startHub } from '../../electron/hub/server';
import { Core } from '../../electron/core/core';
import { parseHubTokens } from '../../electron/contract/hub';
import { tempDir } from '../helpers/tmp';
import { postedHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { signInCleared, TRAINED } from '../helpers/clearance';

const SECRETS = ['Roe-Whitfield', 'Marguerite', '1979-04-17', 'armed and dangerous per CLETS'];

function scan(dataDir: string): string[] {
  const found: string[] = [];
  for (const name of ['console.sqlite', 'console.sqlite-wal', 'console.sqlite-shm']) {
    const file = path.join(dataDir, name);
    if (!fs.existsSync(file)) continue;
    const raw = fs.readFileSync(file);
    for (const s of SECRETS) {
      for (const enc of ['utf8', 'utf16le'] as const) if (raw.includes(Buffer.from(s, enc))) found.push(`${name}: ${s} (${enc})`);
    }
  }
  return found;
}

test('names, dates of birth and notes are not in the raw database file or its WAL', async () => {
  const hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-enc=enc-token') });
  const dataDir = tempDir();
  const core = await Core.open({
    dataDir,
    workstationId: 'ws-enc',
    hub: { url: hub.url, token: 'enc-token', hubKey: hub.url, training: false },
    mode: 'headless',
    version: '0-test',
    agencyName: 'Test PD',
    bootstrapUser: `disp:hunter2hunter2:dispatcher:${TRAINED}`,
  });
  try {
    const hit = postedHit({ id: 'enc-1' });
    hit.matches[0]!.notes = `Wanted: Marguerite Roe-Whitfield, DOB 1979-04-17, armed and dangerous per CLETS`;
    const res = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hit) });
    assert.equal(res.status, 202);
    await waitFor('hit stored', () => core.hits.count() === 1, 15_000);
    const s = core.openSession({ ip: null });
    await signInCleared(core, s.id, 'disp', 'hunter2hunter2');
    const opened = await core.dispatch(s.id, 'hits:open', { hitId: 'enc-1' });
    assert.ok(opened.ok, JSON.stringify(opened));
    assert.match((opened.value as { matches: { notes?: string }[] }).matches[0]!.notes ?? '', /Roe-Whitfield/, 'the console itself reads it');
    assert.ok(fs.existsSync(path.join(dataDir, 'console.sqlite-wal')), 'a WAL to scan');
    assert.deepEqual(scan(dataDir), [], 'while running (WAL)');
  } finally {
    await core.close();
    await hub.close();
  }
  assert.deepEqual(scan(dataDir), [], 'after close (checkpointed)');
  const keyFile = path.join(dataDir, 'keys', 'data.key');
  if (process.platform !== 'win32') assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600, 'headless: the key file is readable only by its owner');
});
