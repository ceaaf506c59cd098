// Table-driven: each audited action writes exactly one record, with every field it needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Core } from '../../electron/core/core';
import { tempDir } from '../helpers/tmp';
import { hubHit } from '../helpers/hits';
import { signInCleared, TRAINED } from '../helpers/clearance';

interface Row {
  at: string;
  user_id: number | null;
  username: string | null;
  display_name: string | null;
  badge: string | null;
  agency: string | null;
  workstation_id: string;
  ip: string | null;
  action: string;
  data: string;
  purpose: string | null;
  outcome: string;
}

type Step = { channel: string; input: unknown; as: 'disp' | 'sup' | null };

const cases: { name: string; steps: Step[]; expect: Partial<Omit<Row, 'data'>> & { data?: Record<string, unknown> }; signedIn: boolean }[] = [
  { name: 'sign-in', steps: [{ channel: 'session:sign-in', input: { username: 'disp', password: 'hunter2hunter2' }, as: null }], expect: { action: 'session.sign-in', outcome: 'ok' }, signedIn: true },
  { name: 'failed sign-in', steps: [{ channel: 'session:sign-in', input: { username: 'disp', password: 'wrong-one' }, as: null }], expect: { action: 'session.sign-in', outcome: 'failed', data: { username: 'disp' } }, signedIn: false },
  { name: 'sign-out', steps: [{ channel: 'session:sign-out', input: {}, as: 'disp' }], expect: { action: 'session.sign-out', outcome: 'ok' }, signedIn: true },
  { name: 'hit opened', steps: [{ channel: 'hits:open', input: { hitId: 'h-1' }, as: 'disp' }], expect: { action: 'hits:open', outcome: 'granted', purpose: 'Hit confirmation', data: { hitId: 'h-1', plate: '7ABC123', state: 'CA' } }, signedIn: true },
  { name: 'unknown hit', steps: [{ channel: 'hits:open', input: { hitId: 'nope' }, as: 'disp' }], expect: { action: 'hits:open', outcome: 'refused', purpose: 'Hit confirmation' }, signedIn: true },
  { name: 'queue before sign-in', steps: [{ channel: 'hits:queue', input: {}, as: null }], expect: { action: 'hits:queue', outcome: 'refused' }, signedIn: false },
  { name: 'audit status read', steps: [{ channel: 'audit:status', input: {}, as: 'sup' }], expect: { action: 'audit:status', outcome: 'granted', purpose: 'Audit / administration' }, signedIn: true },
  { name: 'audit verified', steps: [{ channel: 'audit:verify', input: {}, as: 'sup' }], expect: { action: 'audit:verify', outcome: 'granted', purpose: 'Audit / administration' }, signedIn: true },
];

for (const c of cases) {
  test(`audited: ${c.name} writes exactly one complete record`, async () => {
    const core = await Core.open({ dataDir: tempDir(), workstationId: 'ws-09', hub: null, mode: 'headless', version: '0', agencyName: 'T' });
    try {
      await core.users.create({ username: 'disp', password: 'hunter2hunter2', displayName: 'Dana Disp', role: 'dispatcher', badge: '7101', agency: 'CA0390100', trainingDate: TRAINED });
      await core.users.create({ username: 'sup', password: 'hunter2hunter2', displayName: 'Sam Sup', role: 'supervisor', badge: '7001', agency: 'CA0390100', trainingDate: TRAINED });
      core.hits.insertBatch('hub', [hubHit(1, { id: 'h-1', read: { plate: '7ABC123', state: 'CA', confidence: 0.9 } })]);
      const s = core.openSession({ ip: '10.2.3.4' });
      const who = c.steps[0]!.as;
      if (who) await signInCleared(core, s.id, who, 'hunter2hunter2');
      const before = core.db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number | null;
      for (const step of c.steps) await core.dispatch(s.id, step.channel, step.input);
      // Opening a hit is also the workflow's `opened` step, which the workflow records as its
      // own event; the lookup itself is one record.
      const rows = (core.db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq').all(before ?? 0) as Row[]).filter(
        (r) => !r.action.startsWith('workflow.'),
      );
      assert.equal(rows.length, 1, rows.map((r) => r.action).join(', '));
      const r = rows[0]!;
      assert.match(r.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'UTC to the millisecond');
      assert.equal(r.workstation_id, 'ws-09');
      assert.equal(r.ip, '10.2.3.4');
      for (const [k, v] of Object.entries(c.expect)) {
        if (k === 'data') assert.deepEqual({ ...JSON.parse(r.data), ...(v as object) }, JSON.parse(r.data));
        else assert.equal(r[k as keyof Row], v, k);
      }
      if (c.signedIn) {
        assert.ok(r.user_id !== null && r.username && r.display_name && r.badge && r.agency, `the person: ${JSON.stringify(r)}`);
      }
    } finally {
      await core.close();
    }
  });
}
