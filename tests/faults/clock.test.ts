// Clock. The workstation's clock jumps backwards (NTP correction, a dispatcher setting the
// time by hand) while lookups are logged and hits arrive. The audit chain keeps its order (the
// sequence, not the timestamps, orders it; the chain verifies, at the hub too) and the hit
// queue keeps the hub's order (the hub's time and its gap-free sequence, never the console's
// clock).
import assert from 'node:assert/strict';
import { startHub } from '../../electron/hub/server';
import { Core } from '../../electron/core/core';
import { verifyAudit } from '../../electron/core/audit/verify';
import { parseHubTokens } from '../../electron/contract/hub';
import { tempDir } from '../helpers/tmp';
import { postedHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { signInCleared, TRAINED } from '../helpers/clearance';
import { FaultSuite, hubAuditRows, memoryDir, postHit, size } from '../helpers/faults';

const suite = new FaultSuite('clock');
const JUMPS = size('ALPR_CLOCK_JUMPS', 3, 20);
const PER_STEP = 10;

suite.test(`the clock jumps backwards ${JUMPS} times: audit chain and hit queue keep their order`, { timeout: 120_000 + JUMPS * 5_000 }, async () => {
  const hub = await startHub({ port: 0, dataDir: memoryDir(), tokens: parseHubTokens('ws-clk=clk') });
  const dataDir = tempDir();
  // The workstation clock: real time plus an offset that only ever goes back.
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const core = await Core.open({
    dataDir,
    workstationId: 'ws-clk',
    hub: { url: hub.url, token: 'clk', hubKey: 'hub', training: false },
    mode: 'headless',
    version: '0-test',
    agencyName: 'Test PD',
    bootstrapUser: `disp:hunter2hunter2:dispatcher:${TRAINED}`,
    now,
  });
  try {
    const s = core.openSession({ ip: null });
    await signInCleared(core, s.id, 'disp', 'hunter2hunter2');
    const posted: string[] = [];
    let captured = Date.parse('2026-11-25T10:00:00Z');
    for (let step = 0; step <= JUMPS; step++) {
      if (step > 0) {
        offsetMs -= (1 + Math.floor(Math.random() * 48)) * 3_600_000; // 1 to 48 hours back
        suite.count('backward jumps');
      }
      for (let i = 0; i < PER_STEP; i++) {
        captured += 1000;
        // All the same priority: the queue then orders by the camera's time and the hub's sequence.
        posted.push((await postHit(hub.url, postedHit({ id: `clk-${step}-${i}`, capturedAt: new Date(captured).toISOString() }))).id);
      }
      await waitFor('hits stored', () => core.hits.count() === posted.length);
      for (let i = 0; i < PER_STEP; i++) {
        const r = await core.dispatch(s.id, 'hits:open', { hitId: posted[posted.length - 1 - i]! });
        assert.ok(r.ok, JSON.stringify(r));
      }
      suite.count('lookups', PER_STEP);
      suite.count('hits', PER_STEP);
    }
    const rows = core.db.prepare('SELECT seq, at FROM audit_log ORDER BY rowid').all() as { seq: number; at: string }[];
    assert.deepEqual(rows.map((r) => r.seq), rows.map((_, i) => i + 1), 'sequence numbers gap-free, in the order written');
    const backwards = rows.filter((r, i) => i > 0 && Date.parse(r.at) < Date.parse(rows[i - 1]!.at)).length;
    assert.ok(backwards >= JUMPS, `the timestamps did go backwards (${backwards} times): the jumps were real`);
    const verified = await verifyAudit({ dataDir });
    assert.equal(verified.ok, true, verified.problems.join('; '));

    // Hits: stored in the hub's sequence; the queue (same priority) in camera time then sequence.
    const stored = core.db.prepare('SELECT id FROM hits ORDER BY seq').pluck().all() as string[];
    assert.deepEqual(stored, posted, 'hits kept in the hub sequence');
    const queue = await core.dispatch(s.id, 'hits:queue', {});
    assert.ok(queue.ok);
    assert.deepEqual((queue.value as { hits: { id: string }[] }).hits.map((h) => h.id), posted, 'the queue order ignores the console clock');
    const storedAt = core.db.prepare('SELECT stored_at FROM hits ORDER BY seq').pluck().all() as string[];
    assert.ok(storedAt.some((t, i) => i > 0 && t < storedAt[i - 1]!), 'the local store times went backwards, and did not reorder anything');

    // Upstream: every record at the hub once, in sequence order.
    const hubRows = await waitFor('records at the hub', async () => {
      const r = await hubAuditRows(hub.url, 'ws-clk');
      return r.length === rows.length ? r : null;
    });
    assert.equal(new Set(hubRows.map((r) => r.id)).size, rows.length);
    const report = await verifyAudit({ dataDir, hubUrl: hub.url });
    assert.equal(report.ok, true, report.problems.join('; '));
    suite.count('audit records', rows.length);
  } finally {
    await core.close();
    await hub.close();
  }
});
