// `npm run backup`: a checked copy of a running console's data folder, and a console started
// on that copy (a restore) with its hits and its sealed notes readable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startHub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { postedHit } from '../helpers/hits';
import { startCli } from '../helpers/processes';
import { tempDir } from '../helpers/tmp';
import { waitFor } from '../helpers/wait';

const ROOT = path.join(__dirname, '..', '..');
const READY = /^console ready (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/;
const backup = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/backup.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
const hitsIn = (dir: string) => {
  const db = new Database(path.join(dir, 'console.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT read_plate FROM hits ORDER BY read_plate').pluck().all() as string[];
  } finally {
    db.close();
  }
};

test('a backup taken while the console runs holds its hits, settings and key, checked; a console starts on it', async (t) => {
  const hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-bk=bk-token') });
  t.after(() => hub.close());
  const env = { ALPR_HUB_URL: hub.url, ALPR_WORKSTATION_ID: 'ws-bk', ALPR_HUB_TOKEN: 'bk-token', ALPR_AGENCY_NAME: 'Lodi PD', ALPR_AGENCY_ORI: 'CA0390500', ALPR_CONSOLE_BOOTSTRAP_USER: `sup1:hunter2hunter2:supervisor:2026-01-05` };
  const data = path.join(tempDir(), 'console');
  const app = await startCli('electron/cli/console-headless.ts', ['--port', '0', '--data', data], READY, env);
  const dest = path.join(tempDir(), 'backup-1');
  try {
    for (const plate of ['7BAK001', '7BAK002', '7BAK003']) {
      const hit = postedHit({ read: { plate, state: 'CA', confidence: 0.9 } });
      hit.matches[0] = { ...hit.matches[0]!, plate, notes: `Owner ${plate} reported it stolen` };
      assert.equal((await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hit) })).status, 202);
    }
    await waitFor('three hits stored', () => hitsIn(data).length === 3);

    const run = backup('--data', data, '--to', dest);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^backup OK: .*backup-1: 3 hits, \d+ audit records \(chain verified\), [\d.]+ MiB database; with settings.json and keys\/\n$/);
    // One database file, readable by its owner alone, nothing of SQLite's left beside it.
    assert.deepEqual(fs.readdirSync(dest).sort(), ['console.sqlite', 'keys', 'settings.json']);
    if (process.platform !== 'win32') assert.equal((fs.statSync(path.join(dest, 'console.sqlite')).mode & 0o777).toString(8), '600');
    assert.deepEqual(hitsIn(dest), ['7BAK001', '7BAK002', '7BAK003']);
    assert.ok(fs.existsSync(path.join(dest, 'keys', 'data.key')), 'the key the sealed notes need');
    assert.ok(fs.existsSync(path.join(dest, 'settings.json')));
    if (process.platform !== 'win32') assert.equal((fs.statSync(dest).mode & 0o777).toString(8), '700');

    const again = backup('--data', data, '--to', dest);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /^backup: .*backup-1 is not empty: back up into a new folder\n$/);
    const none = backup('--data', tempDir(), '--to', path.join(tempDir(), 'x'));
    assert.match(none.stderr, /^backup: no console database in /);
  } finally {
    await app.stop();
  }

  // Restored: a console starts on the copy, with the same key (its sealed notes need it).
  assert.deepEqual(fs.readFileSync(path.join(dest, 'keys', 'data.key')), fs.readFileSync(path.join(data, 'keys', 'data.key')));
  const restored = await startCli('electron/cli/console-headless.ts', ['--port', '0', '--data', dest], READY, env);
  await restored.stop();
});
