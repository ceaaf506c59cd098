// The console killed with SIGKILL at random moments under a steady load of hits (being
// committed and acknowledged) and lookups (being logged and forwarded). At the end every hit
// the hub took is in the console's database exactly once, every audit record the console
// committed is at the hub exactly once, and the file and the chain are sound.
// `npm test` runs 5 kills; `npm run test:faults` runs 100 (ALPR_KILLS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startHub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { verifyAudit } from '../../electron/core/audit/verify';
import { tempDir } from '../helpers/tmp';
import { postedHit } from '../helpers/hits';
import { startConsole } from '../helpers/processes';
import { UiClient } from '../helpers/ui-client';
import { waitFor } from '../helpers/wait';
import { acknowledgePolicyVia, TRAINED } from '../helpers/clearance';

const KILLS = Number(process.env.ALPR_KILLS ?? 5);

test(`kill -9 under hits and lookups, ${KILLS} times: every hit stored once, every committed audit record at the hub once`, { timeout: 60_000 + KILLS * 15_000 }, async () => {
  const hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-k=k-token') });
  const data = tempDir();
  const env = { ALPR_WORKSTATION_ID: 'ws-k', ALPR_HUB_TOKEN: 'k-token', ALPR_CONSOLE_BOOTSTRAP_USER: `disp:hunter2hunter2:dispatcher:${TRAINED}` };
  const res = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(postedHit({ id: 'k1' })) });
  assert.equal(res.status, 202);
  let granted = 0;
  // Hits keep arriving at the hub the whole time, console up or down.
  const posted: string[] = [];
  let posting = true;
  const poster = (async () => {
    for (let i = 0; posting; i++) {
      const r = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(postedHit({ id: `load-${i}` })) });
      if (r.status === 202) posted.push(`load-${i}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  try {
    for (let k = 0; k < KILLS; k++) {
      const app = await startConsole({ data, hub: hub.url }, env);
      const ui = await UiClient.connect(app.url);
      const signIn = await ui.call('session:sign-in', { username: 'disp', password: 'hunter2hunter2' }).catch((err: Error) => {
        throw new Error(`${err.message}; console said:\n${app.output.join('\n')}`);
      });
      assert.ok(signIn.ok);
      await acknowledgePolicyVia((c, i) => ui.call(c, i));
      await waitFor('hit stored', async () => {
        const q = await ui.call('hits:queue');
        if (!q.ok) throw new Error(JSON.stringify(q.error));
        return (q.value as { hits: { id: string }[] }).hits.some((h) => h.id === 'k1');
      });
      // Lookups in flight, and forwarding running, at a random moment.
      let stop = false;
      const load = (async () => {
        while (!stop) {
          const r = await ui.call('hits:open', { hitId: 'k1' }).catch(() => null);
          if (r?.ok) granted += 1;
        }
      })();
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 600));
      await app.stop('SIGKILL');
      stop = true;
      ui.close();
      await load;
    }
    posting = false;
    await poster;
    // A last, clean start takes the hits queued meanwhile and forwards what the kills left.
    const app = await startConsole({ data, hub: hub.url }, env);
    const file = path.join(data, 'console.sqlite');
    const localIds = (): string[] => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare('SELECT id FROM audit_log').pluck().all() as string[]);
      } finally {
        db.close();
      }
    };
    const hubRows = await waitFor('hub caught up', async () => {
      const text = await (await fetch(`${hub.url}/audit?workstation=ws-k`)).text();
      const rows = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; action: string; outcome: string });
      return rows.length === localIds().length ? rows : null;
    }, 30_000, 200);
    const storedHits = await waitFor('every posted hit stored', () => {
      const db = new Database(file, { readonly: true });
      try {
        const ids = db.prepare('SELECT id FROM hits').pluck().all() as string[];
        return ids.length === posted.length + 1 ? ids : null;
      } finally {
        db.close();
      }
    }, 30_000, 200);
    await app.stop();
    assert.deepEqual([...storedHits].sort(), ['k1', ...posted].sort(), 'each posted hit stored exactly once');
    const deliveries = (await (await fetch(`${hub.url}/deliveries?workstation=ws-k`)).json()) as { id: string }[];
    assert.deepEqual(deliveries.map((d) => d.id).sort(), [...storedHits].sort(), 'the hub counts exactly what the console stored');
    console.log(`# kills: ${KILLS}, hits posted: ${posted.length + 1}, lookups answered: ${granted}`);
    const ids = localIds();
    assert.equal(new Set(hubRows.map((r) => r.id)).size, hubRows.length, 'no record twice at the hub');
    assert.deepEqual(hubRows.map((r) => r.id).sort(), [...ids].sort());
    const lookups = hubRows.filter((r) => r.action === 'hits:open' && r.outcome === 'granted').length;
    assert.ok(lookups >= granted, `every lookup the UI was answered for is logged (${lookups} >= ${granted})`);
    const db = new Database(file, { readonly: true });
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();
    const report = await verifyAudit({ dataDir: data, hubUrl: hub.url });
    assert.equal(report.ok, true, report.problems.join('; '));
  } finally {
    await hub.close();
  }
});
