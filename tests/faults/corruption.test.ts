// Corruption. A damaged console database (a garbage header, a file cut off, a damaged page in
// the middle) is detected when the console starts: the headless console exits non-zero with a
// clear message naming the file, leaves the file byte for byte as it was (kept for
// investigation), and does not start over with an empty database.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Core } from '../../electron/core/core';
import { DBCorruptError, openDatabase } from '../../electron/core/db/open';
import { consoleMigrations } from '../../electron/core/db/migrations';
import { tempDir } from '../helpers/tmp';
import { TRAINED, signInCleared } from '../helpers/clearance';
import { FaultSuite } from '../helpers/faults';

const suite = new FaultSuite('corruption');
const root = path.resolve(__dirname, '..', '..');

/** A console data folder with a user, some audit records, closed cleanly (WAL folded in). */
async function goodConsole(): Promise<string> {
  const dataDir = tempDir();
  const core = await Core.open({
    dataDir,
    workstationId: 'ws-c',
    hub: null,
    mode: 'headless',
    version: '0-test',
    agencyName: 'Test PD',
    bootstrapUser: `disp:hunter2hunter2:dispatcher:${TRAINED}`,
  });
  const s = core.openSession({ ip: null });
  await signInCleared(core, s.id, 'disp', 'hunter2hunter2');
  // Enough records that the audit table spans several pages.
  for (let i = 0; i < 300; i++) await core.dispatch(s.id, 'hits:open', { hitId: `no-such-hit-${i}` });
  await core.close();
  assert.ok(!fs.existsSync(path.join(dataDir, 'console.sqlite-wal')) || fs.statSync(path.join(dataDir, 'console.sqlite-wal')).size === 0);
  return dataDir;
}

function runHeadless(dataDir: string): Promise<{ code: number | null; output: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron/cli/console-headless.ts'), '--port', '0', '--data', dataDir, '--hub', 'http://127.0.0.1:9'], {
    cwd: root,
    env: { ...process.env, ALPR_WORKSTATION_ID: 'ws-c', ALPR_HUB_TOKEN: 'c-token' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
// Database files (SQLite's own -wal/-shm companions come and go with any reader).
const listing = (dir: string) => fs.readdirSync(dir).filter((f) => /\.sqlite/.test(f) && !/-(wal|shm)$/.test(f)).sort();

const cases: { name: string; damage(file: string): void }[] = [
  {
    name: 'a garbage header',
    damage: (file) => {
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, crypto.randomBytes(100), 0, 100, 0);
      fs.closeSync(fd);
    },
  },
  {
    name: 'a file cut off in the middle',
    damage: (file) => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2) + 123),
  },
  {
    name: 'a damaged page in the middle (the audit table)',
    damage: (file) => {
      const db = new Database(file, { readonly: true });
      const root = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'").pluck().get() as number;
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.close();
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, Buffer.alloc(16, 0xff), 0, 16, (root - 1) * pageSize);
      fs.closeSync(fd);
    },
  },
];

for (const c of cases) {
  suite.test(`${c.name}: the console refuses to start, says the file is damaged, and keeps it unchanged`, { timeout: 90_000 }, async () => {
    const dataDir = await goodConsole();
    const file = path.join(dataDir, 'console.sqlite');
    c.damage(file);
    const before = sha(file);
    const files = listing(dataDir);
    const size = fs.statSync(file).size;
    const run = await runHeadless(dataDir);
    suite.count('damaged files', 1);
    assert.notEqual(run.code, 0, `the console must not start on a damaged file:\n${run.output}`);
    assert.match(run.output, /is damaged/);
    assert.ok(run.output.includes(file), 'the message names the file');
    assert.match(run.output, /left in place, unchanged, for investigation/);
    assert.doesNotMatch(run.output, /console ready/);
    assert.equal(sha(file), before, 'the damaged file is byte for byte as it was');
    assert.equal(fs.statSync(file).size, size);
    assert.deepEqual(listing(dataDir), files, 'no fresh database beside it');
    // The core itself reports the same, as a DBCorruptError (what the Electron shell shows).
    assert.throws(() => openDatabase(file, { migrations: consoleMigrations }), DBCorruptError);
    assert.equal(sha(file), before);
  });
}

suite.test('a sound file opens after a clean close (the checks do not refuse good files)', { timeout: 60_000 }, async () => {
  const dataDir = await goodConsole();
  const db = openDatabase(path.join(dataDir, 'console.sqlite'), { migrations: consoleMigrations });
  assert.ok((db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number) > 300);
  db.close();
});
