// Disk full. The console's data folder sits on a small size-limited filesystem (a tmpfs with
// size=, as root) that is then filled to the last byte. The console must refuse to acknowledge
// hits it cannot store (the hub keeps them and sends them again), say so (hub:state
// `storageError`, the "DISK FULL: hits are held at the hub" banner), refuse lookups it cannot
// log (no data without its record), and recover by itself once space is back: every held hit
// then stored exactly once. Where this machine does not allow a mount, that case is reported
// as skipped with the reason, and the same scenario runs against SQLite's own size limit
// (PRAGMA max_page_count), which fails writes with the same SQLITE_FULL.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startHub } from '../../electron/hub/server';
import { Core } from '../../electron/core/core';
import { DISK_FULL_MESSAGE } from '../../electron/core/db/open';
import { verifyAudit } from '../../electron/core/audit/verify';
import { parseHubTokens } from '../../electron/contract/hub';
import type { HubState } from '../../electron/contract';
import { tempDir } from '../helpers/tmp';
import { postedHit, TINY_PNG } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { signInCleared, TRAINED } from '../helpers/clearance';
import { FaultSuite, fillDisk, hubDeliveries, memoryDir, mountSmallTmpfs, postHit, size } from '../helpers/faults';

const suite = new FaultSuite('disk full');
const HELD = size('ALPR_DISKFULL_HITS', 6, 40);
const TOKENS = parseHubTokens('ws-df=df-token');

/** A PNG-signed image of `bytes` random bytes: big enough that storing a hit must grow the file. */
function bigImage(bytes: number): Buffer {
  return Buffer.concat([TINY_PNG.subarray(0, 8), crypto.randomBytes(bytes)]);
}

type Fill = { fill(core: Core): void; free(core: Core): void; label: string; exact: boolean };

async function scenario(dataDir: string, how: Fill): Promise<void> {
  const hub = await startHub({ port: 0, dataDir: memoryDir(), tokens: TOKENS });
  const logLines: string[] = [];
  const core = await Core.open({
    dataDir,
    workstationId: 'ws-df',
    hub: { url: hub.url, token: 'df-token', hubKey: 'hub', training: false },
    mode: 'headless',
    version: '0-test',
    agencyName: 'Test PD',
    bootstrapUser: `disp:hunter2hunter2:dispatcher:${TRAINED}`,
    log: (l) => logLines.push(l),
  });
  try {
    const first = await postHit(hub.url, postedHit({ id: 'df-0' }));
    await waitFor('first hit stored', () => core.hits.count() === 1);
    const s = core.openSession({ ip: '10.0.0.9' });
    const states: HubState[] = [];
    s.subscribe((name, payload) => name === 'hub:state' && states.push(payload as HubState));
    await signInCleared(core, s.id, 'disp', 'hunter2hunter2');
    assert.ok((await core.dispatch(s.id, 'hits:open', { hitId: first.id })).ok, 'lookups work before the disk fills');

    how.fill(core);
    const held: string[] = [];
    for (let i = 1; i <= HELD; i++) held.push((await postHit(hub.url, postedHit({ id: `df-${i}` }, bigImage(100_000)))).id);
    suite.count('hits held at the hub', HELD);
    await waitFor('the console reports the full disk', () => core.hubState().storageError === DISK_FULL_MESSAGE, 30_000);
    assert.ok(states.some((st) => st.storageError === DISK_FULL_MESSAGE), 'the signed-in window was told (hub:state)');
    assert.ok(logLines.some((l) => /could not store \d+ hit\(s\)/.test(l)), 'the failure is in the application log');
    // Give the hub time to push (and the console to refuse) everything at least once.
    await new Promise((r) => setTimeout(r, 1500));
    const storedWhileFull = core.db.prepare('SELECT id FROM hits').pluck().all() as string[];
    const deliveredWhileFull = await hubDeliveries(hub.url, 'ws-df');
    assert.ok(deliveredWhileFull.every((id) => storedWhileFull.includes(id)), 'the hub counts as delivered only what the console stored');
    if (how.exact) {
      assert.deepEqual(storedWhileFull, [first.id], 'no hit stored while the database is full');
      assert.deepEqual(deliveredWhileFull, [first.id], 'the hub counts none of them as delivered: it keeps them');
    } else {
      // A real filesystem: a hit may still fit in space SQLite had already reserved.
      assert.ok(storedWhileFull.length < HELD + 1, 'hits that do not fit are held at the hub');
    }
    suite.count(`hits refused and held until space returned (${how.label})`, HELD + 1 - storedWhileFull.length);

    // Lookups: each one either is logged (and answered) or is refused with no data.
    const auditCount = () => core.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    let refused = 0;
    let answered = 0;
    for (let i = 0; i < 20_000 && refused < 3; i++) {
      const before = auditCount();
      const r = await core.dispatch(s.id, 'hits:open', { hitId: first.id });
      if (r.ok) {
        answered += 1;
        assert.equal(auditCount(), before + 1, 'an answered lookup was logged');
      } else {
        refused += 1;
        assert.equal(r.error.code, 'unavailable');
        assert.match(r.error.message, /disk full/);
        assert.equal((r as { value?: unknown }).value, undefined, 'no data with a refusal');
        assert.equal(auditCount(), before, 'nothing half-written');
      }
    }
    suite.count(`lookups refused (${how.label})`, refused);
    suite.count(`lookups answered and logged before the file could not grow (${how.label})`, answered);
    assert.ok(refused >= 3, 'lookups that cannot be logged are refused');

    how.free(core);
    await waitFor('every held hit stored once space is back', () => core.hits.count() === HELD + 1, 60_000, 50);
    await waitFor('the full-disk state clears', () => !core.hubState().storageError && core.hubState().state === 'connected', 30_000);
    assert.ok(states.some((st) => st.storageError === DISK_FULL_MESSAGE) && !states.at(-1)!.storageError, 'the window was told it is over');
    const ids = core.db.prepare('SELECT id FROM hits ORDER BY seq').pluck().all() as string[];
    assert.deepEqual(ids, [first.id, ...held], 'each held hit stored exactly once, in order');
    const delivered = await waitFor('the hub counts them delivered', async () => {
      const d = await hubDeliveries(hub.url, 'ws-df');
      return d.length === ids.length ? d : null;
    });
    assert.deepEqual([...delivered].sort(), [...ids].sort());
    const after = await core.dispatch(s.id, 'hits:open', { hitId: held[0]! });
    assert.ok(after.ok, `lookups work again: ${JSON.stringify(after)}`);
    assert.equal(core.db.pragma('integrity_check', { simple: true }), 'ok');
  } catch (err) {
    console.error(`# disk full (${how.label}) failed; the console said:\n${logLines.slice(-20).join('\n')}`);
    throw err;
  } finally {
    await core.close().catch((err: Error) => console.error(`# closing the console: ${err.message}`));
    await hub.close();
  }
  const report = await verifyAudit({ dataDir });
  assert.equal(report.ok, true, report.problems.join('; '));
}

// Room for the console's files plus every held hit twice (WAL and database), once freed.
const mount = mountSmallTmpfs(8 * 1024 * 1024 + HELD * 512 * 1024);

suite.test(
  'disk full on a small tmpfs (size=): hits held at the hub, lookups refused with a clear error, recovery by itself, every hit stored once',
  { skip: mount.dir === null ? mount.reason : false, timeout: 180_000 },
  async () => {
    if (mount.dir === null) return;
    const dataDir = path.join(mount.dir, 'console');
    let filler = '';
    try {
      await scenario(dataDir, {
        label: 'tmpfs',
        exact: false,
        fill: () => {
          filler = fillDisk(mount.dir!);
          console.log(`# disk full: ran on a real size-limited tmpfs (${mount.dir}), filled with ${fs.statSync(filler).size} bytes`);
        },
        free: () => fs.rmSync(filler),
      });
    } finally {
      mount.unmount();
    }
  },
);

suite.test(
  "the same with SQLite's own size limit (PRAGMA max_page_count): the same SQLITE_FULL, the same behaviour",
  { timeout: 180_000 },
  async () => {
    console.log('# disk full: this case limits the database with PRAGMA max_page_count (no filesystem limit)');
    const dataDir = tempDir();
    await scenario(dataDir, {
      label: 'max_page_count',
      exact: true,
      fill: (core) => {
        const pages = core.db.pragma('page_count', { simple: true }) as number;
        core.db.pragma(`max_page_count = ${pages}`);
      },
      free: (core) => {
        core.db.pragma('max_page_count = 1073741823');
      },
    });
    // The file was not damaged by the failed writes.
    const db = new Database(path.join(dataDir, 'console.sqlite'), { readonly: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      db.close();
    }
  },
);
