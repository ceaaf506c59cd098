// Hub outage. The hub is stopped for a long outage while camera hits keep queueing at the hub
// (its intake store) and dispatchers keep looking hits up on the console (each lookup logged,
// waiting in the outbox). The headless console's window link (the UI socket a browser uses)
// must show "offline" the whole time, and once the hub is back both sides converge: every
// queued hit stored exactly once at the console and counted delivered once at the hub, every
// audit record at the hub exactly once, the chain verifying against the hub's copies.
// `npm test` queues 300 of each; `npm run test:faults` 10,000 (ALPR_OUTAGE_RECORDS).
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startHub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import type { HubState } from '../../electron/contract';
import { verifyAudit } from '../../electron/core/audit/verify';
import { tempDir } from '../helpers/tmp';
import { postedHit } from '../helpers/hits';
import { startConsole } from '../helpers/processes';
import { UiClient } from '../helpers/ui-client';
import { waitFor } from '../helpers/wait';
import { acknowledgePolicyVia, TRAINED } from '../helpers/clearance';
import { FaultSuite, hubAuditRows, hubDeliveries, memoryDir, postHit, queueHitsInStore, size } from '../helpers/faults';

const suite = new FaultSuite('hub outage');
const RECORDS = size('ALPR_OUTAGE_RECORDS', 300, 10_000);
const WS = 'ws-out';

suite.test(
  `hub stopped while ${RECORDS} hits queue at the hub and ${RECORDS} lookups are logged: offline the whole time, then nothing lost or duplicated`,
  { timeout: 120_000 + RECORDS * 30 },
  async () => {
    const hubDir = memoryDir();
    const tokens = parseHubTokens(`${WS}=out-token`);
    let hub = await startHub({ port: 0, dataDir: hubDir, tokens });
    const port = hub.port;
    const data = tempDir();
    const app = await startConsole(
      { data, hub: hub.url },
      { ALPR_WORKSTATION_ID: WS, ALPR_HUB_TOKEN: 'out-token', ALPR_CONSOLE_BOOTSTRAP_USER: `disp:hunter2hunter2:dispatcher:${TRAINED}` },
    );
    const ui = await UiClient.connect(app.url);
    const file = path.join(data, 'console.sqlite');
    const readConsole = <T>(fn: (db: Database.Database) => T): T => {
      const db = new Database(file, { readonly: true });
      try {
        return fn(db);
      } finally {
        db.close();
      }
    };
    try {
      const states: { at: number; state: HubState }[] = [];
      ui.on((name, payload) => name === 'hub:state' && states.push({ at: Date.now(), state: payload as HubState }));
      assert.ok((await ui.call('session:sign-in', { username: 'disp', password: 'hunter2hunter2' })).ok);
      await acknowledgePolicyVia((c, i) => ui.call(c, i));
      const first = await postHit(hub.url, postedHit({ id: 'before-outage' }));
      await waitFor('first hit in the queue', async () => {
        const q = await ui.call('hits:queue');
        return q.ok && (q.value as { hits: { id: string }[] }).hits.some((h) => h.id === first.id);
      });

      await hub.close();
      const offline = await waitFor('the window is told the hub is offline', () => states.find((s) => s.state.state === 'offline'), 30_000);
      const outageFrom = states.indexOf(offline);

      // The outage: hits land at the hub's intake store, lookups go on at the console.
      const polls: HubState[] = [];
      const queued = queueHitsInStore(hubDir, RECORDS, 'queued');
      let granted = 0;
      for (let done = 0; done < RECORDS; ) {
        const n = Math.min(100, RECORDS - done);
        const results = await Promise.all(Array.from({ length: n }, () => ui.call('hits:open', { hitId: first.id }, 30_000)));
        for (const r of results) assert.ok(r.ok, `a lookup during the outage: ${JSON.stringify(r)}`);
        granted += n;
        done += n;
        const st = await ui.call('hub:status');
        assert.ok(st.ok);
        polls.push(st.value as HubState);
      }
      const queuedIds = await queued;
      suite.count('hits queued at the hub', queuedIds.length);
      suite.count('lookups logged during the outage', granted);
      const outboxed = readConsole((db) => db.prepare('SELECT count(*) FROM audit_outbox').pluck().get() as number);
      assert.ok(outboxed >= RECORDS, `every lookup record waits in the outbox (${outboxed})`);

      const during = states.slice(outageFrom);
      assert.ok(during.every((s) => s.state.state === 'offline'), `offline the whole outage: ${during.map((s) => s.state.state).join(', ')}`);
      assert.ok(polls.every((p) => p.state === 'offline'), 'every hub:status asked during the outage said offline');
      suite.count('state checks during the outage', during.length + polls.length);

      hub = await startHub({ port, dataDir: hubDir, tokens });
      await waitFor('the window is told the hub is back', () => states.slice(outageFrom).some((s) => s.state.state === 'connected'), 30_000);
      const expected = [first.id, ...queuedIds];
      const storedIds = await waitFor(
        'every queued hit stored',
        () => {
          const ids = readConsole((db) => db.prepare('SELECT id FROM hits ORDER BY seq').pluck().all() as string[]);
          return ids.length >= expected.length ? ids : null;
        },
        60_000 + RECORDS * 10,
        200,
      );
      assert.deepEqual(storedIds, expected, 'each queued hit stored exactly once, in hub order');
      const delivered = await waitFor('the hub counts every hit delivered', async () => {
        const d = await hubDeliveries(hub.url, WS);
        return d.length >= expected.length ? d : null;
      }, 30_000, 200);
      assert.deepEqual([...delivered].sort(), [...expected].sort(), 'delivered once each, nothing more');
      const localAudit = () => readConsole((db) => db.prepare('SELECT id FROM audit_log').pluck().all() as string[]);
      const rows = await waitFor('every audit record at the hub', async () => {
        const r = await hubAuditRows(hub.url, WS);
        return r.length >= localAudit().length ? r : null;
      }, 60_000 + RECORDS * 10, 200);
      const local = localAudit();
      assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, 'no audit record twice at the hub');
      assert.deepEqual(rows.map((r) => r.id).sort(), [...local].sort(), 'the hub has exactly the console audit trail');
      assert.equal(rows.filter((r) => r.action === 'hits:open' && r.outcome === 'granted').length, granted, 'every lookup logged at the hub once');
      await waitFor('outbox empty', () => readConsole((db) => db.prepare('SELECT count(*) FROM audit_outbox').pluck().get() === 0), 30_000, 200);
      suite.count('audit records converged', rows.length);
      await app.stop();
      const report = await verifyAudit({ dataDir: data, hubUrl: hub.url });
      assert.equal(report.ok, true, report.problems.join('; '));
    } finally {
      ui.close();
      await app.stop();
      await hub.close();
    }
  },
);
