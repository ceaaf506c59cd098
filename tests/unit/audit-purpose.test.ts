// Issue 4, "purpose before data": every contract call that reveals ALPR data (`reveals: true`)
// is enumerated from the contract. Those that take a purpose are called without one, with a
// purpose not on the agency's list, with a retired purpose and, where the agency's rules need
// one, without a case number: each is refused, returns nothing, and writes exactly one
// 'refused' record naming the reason. Each revealing call is also made by a role that may not
// make it: refused and audited. A new revealing channel fails the coverage test below until
// VALID says how to call it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { calls, CHANNELS, ROLES, roleAllowed, type Channel, type Role } from '../../electron/contract';
import { authCore, type AuthCore } from '../helpers/auth-core';
import { hubHit } from '../helpers/hits';

const REVEALING = CHANNELS.filter((c) => (calls[c] as { reveals?: boolean }).reveals === true).sort();

interface Fixture {
  /** A session of the supervisor (who may make every revealing call). */
  sup: string;
  /** A valid lookup purpose: on the list, active, with a case number. */
  purpose: { purposeId: number; caseNumber: string };
  /** An approved sharing request. */
  approvedRequestId: number;
}

/**
 * How to make each revealing call validly, keyed by channel. `caseRule`: the agency's lookup
 * rule that decides whether the call needs a case number (reports:rules), for calls with a purpose.
 */
const VALID: Record<string, {
  input: (f: Fixture, session: string) => unknown | Promise<unknown>;
  caseRule?: 'search' | 'export';
  /** Past every gate, this core (which has no hub) answers with this refusal. */
  hubless?: { code: string; message: RegExp };
}> = {
  'shiftlog:open': { input: () => ({ period: period(), filters: {} }) },
  'shiftlog:rows': {
    // A page of a log this session opened.
    input: async (_f, session) => {
      const opened = await a.call(session, 'shiftlog:open', { period: period(), filters: {} });
      assert.ok(opened.ok, JSON.stringify(opened));
      return { viewId: (opened.value as { viewId: string }).viewId, offset: 0, limit: 10 };
    },
  },
  'shiftlog:export': { input: (f) => ({ selection: { period: period() }, format: 'csv', purpose: f.purpose }), caseRule: 'export' },
  'reports:audit-search': { input: () => ({ filters: {} }) },
  'reports:audit-export': { input: (f) => ({ filters: {}, format: 'csv', purpose: f.purpose }), caseRule: 'export' },
  'search:plates': { input: (f) => ({ pattern: '7ABC*', purpose: f.purpose }), caseRule: 'search' },
  'records:holds': { input: () => ({}) },
  'records:place-hold': { input: () => ({ target: { kind: 'hit', hitId: 'h-1' }, caseNumber: 'C-9', reason: 'Evidence' }) },
  'records:requests': { input: () => ({}) },
  'records:export-request': { input: (f) => ({ requestId: f.approvedRequestId, format: 'csv', lookup: f.purpose }), caseRule: 'export' },
  'records:shared-with': { input: () => ({}) },
  'records:shared-with-csv': { input: () => ({}) },
  // Evidence packages (issue 6 item 9): a case number whatever the agency's rules.
  'records:evidence-export': { input: (f) => ({ hitId: 'h-1', reason: 'Evidence in a robbery', purpose: f.purpose }), caseRule: 'export' },
  'records:evidence-list': { input: () => ({}) },
  // Random audits (issue 6 item 10): a draw needs someone else's lookup in its period.
  'audits:draw': { input: async () => (await othersLookup(), { from: clockPeriod().from, to: clockPeriod().to, size: 5 }) },
  'audits:open': { input: async (f) => ({ auditId: await drawnAudit(f) }) },
  'audits:export': { input: async (f) => ({ auditId: await drawnAudit(f), format: 'csv' }) },
  // Officers' hotlist entries: their notes, and the reads an entry matches.
  'hotlist:add': {
    input: () => ({ plate: '7ABC123', state: 'CA', list: 'Felony want', reason: 'Robbery suspect', priority: 'high', expiresAt: new Date(Date.now() + 86_400_000).toISOString(), caseNumber: 'C-9' }),
    hubless: { code: 'unavailable', message: /No hub is configured/ },
  },
  'hotlist:entries': { input: () => ({}) },
  'hotlist:remove': { input: () => ({ id: 'OFC-1', reason: 'Recovered' }), hubless: { code: 'unavailable', message: /No hub is configured/ } },
};

/** A granted lookup by a dispatcher (not the supervisor who draws), now. */
async function othersLookup(): Promise<void> {
  const disp = await a.session('ra-disp', 'dispatcher');
  const r = await a.call(disp, 'hits:open', { hitId: 'h-1' });
  assert.ok(r.ok, JSON.stringify(r));
}
/** The period around the test core's clock. */
const clockPeriod = () => ({ from: new Date(a.clock.t - HOUR).toISOString(), to: new Date(a.clock.t + HOUR).toISOString() });
/** A random audit drawn by the supervisor. */
async function drawnAudit(f: Fixture): Promise<number> {
  await othersLookup();
  const r = await a.call(f.sup, 'audits:draw', { ...clockPeriod(), size: 5 });
  assert.ok(r.ok, JSON.stringify(r));
  return (r.value as { audit: { id: number } }).audit.id;
}

const HOUR = 3_600_000;
const period = () => ({ from: new Date(Date.now() - 2 * HOUR).toISOString(), to: new Date(Date.now() + HOUR).toISOString() });

/**
 * Where in a call's input schema the lookup purpose sits (the path to the object holding
 * `purposeId`), or null when the call takes none. Throws on a schema shape it cannot walk, so
 * a new kind of input cannot hide a purpose from this test.
 */
function purposePath(schema: z.ZodTypeAny, path: string[] = []): string[] | null {
  if (schema instanceof z.ZodEffects) return purposePath(schema.innerType(), path);
  if (schema instanceof z.ZodDefault) return purposePath(schema._def.innerType, path);
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return purposePath(schema.unwrap(), path);
  if (schema instanceof z.ZodPipeline) return purposePath(schema._def.in, path);
  if (schema instanceof z.ZodUnion || schema instanceof z.ZodDiscriminatedUnion) {
    const found = (schema.options as z.ZodTypeAny[]).map((o) => purposePath(o, path)).filter((p) => p !== null);
    return found[0] ?? null;
  }
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodTypeAny>;
    if ('purposeId' in shape) return path;
    for (const [k, v] of Object.entries(shape)) {
      const found = purposePath(v, [...path, k]);
      if (found) return found;
    }
    return null;
  }
  if (schema instanceof z.ZodArray) return purposePath(schema.element, [...path, '0']);
  const leaves = [z.ZodString, z.ZodNumber, z.ZodBoolean, z.ZodEnum, z.ZodNativeEnum, z.ZodLiteral, z.ZodUnknown, z.ZodAny];
  if (leaves.some((t) => schema instanceof t)) return null;
  throw new Error(`purposePath: cannot look inside a ${schema.constructor.name} at ${path.join('.') || '(input)'}`);
}

/** A copy of `input` with the object at `path` replaced (undefined: removed). */
function withAt(input: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(input) as Record<string, unknown>;
  if (!path.length) return value;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete o[last];
  else o[last] = value;
  return copy;
}

interface Rec {
  action: string;
  outcome: string;
  username: string | null;
  data: Record<string, unknown>;
  purpose: string | null;
}

let a: AuthCore;
let f: Fixture;
let retiredId: number;

/** Records written by `run`, in order. */
async function recordsOf<T>(run: () => Promise<T>): Promise<{ value: T; records: Rec[] }> {
  const from = (a.core.db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number | null) ?? 0;
  const value = await run();
  const rows = a.core.db.prepare('SELECT action, outcome, username, data, purpose FROM audit_log WHERE seq > ? ORDER BY seq').all(from) as (Omit<Rec, 'data'> & { data: string })[];
  return { value, records: rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> })) };
}

before(async () => {
  a = await authCore();
  a.core.hits.insertBatch('test-hub', [hubHit(1, { id: 'h-1', read: { plate: '7ABC123', state: 'CA', confidence: 0.9 } })]);
  const sup = await a.session('sup', 'supervisor');
  const adm = await a.session('adm', 'admin');
  const purposes = (await a.call(sup, 'purposes:list', {})) as { ok: true; value: { purposes: { id: number; label: string }[] } };
  const serial = purposes.value.purposes.find((p) => p.label === 'Serial-crime investigation')!;
  // A purpose the agency had, then retired.
  const added = await a.call(adm, 'purposes:add', { label: 'Parking enforcement', requiresCaseNumber: false });
  assert.ok(added.ok, JSON.stringify(added));
  retiredId = (added.value as { purpose: { id: number } }).purpose.id;
  const retired = await a.call(adm, 'purposes:update', { id: retiredId, active: false });
  assert.ok(retired.ok, JSON.stringify(retired));
  // An approved sharing request, so its export has something to export.
  const reg = await a.call(sup, 'records:register-request', {
    agencyName: 'Stockton Police Department',
    agencyType: 'ca-law-enforcement',
    requesterName: 'Det. Ana Ruiz',
    requesterContact: 'aruiz@stockton.example',
    purpose: 'Robbery investigation',
    caseNumber: 'SPD-26-1188',
    requestedOn: '2026-11-20',
    plates: ['7ABC123'],
    periodFrom: '2020-01-01',
    periodTo: '2026-11-25',
  });
  assert.ok(reg.ok, JSON.stringify(reg));
  const requestId = (reg.value as { request: { id: number } }).request.id;
  const approved = await a.call(sup, 'records:decide-request', { requestId, decision: 'approve', reason: 'Written request on file' });
  assert.ok(approved.ok, JSON.stringify(approved));
  f = { sup, purpose: { purposeId: serial.id, caseNumber: 'C-26-0042' }, approvedRequestId: requestId };
});

after(async () => {
  await a.core.close();
});

test('the table of valid inputs covers every revealing channel of the contract', () => {
  assert.ok(REVEALING.length > 0);
  const missing = REVEALING.filter((c) => !(c in VALID));
  assert.deepEqual(missing, [], `revealing channels this test does not know how to call: add them to VALID in tests/unit/audit-purpose.test.ts`);
  const stale = Object.keys(VALID).filter((c) => !REVEALING.includes(c as Channel));
  assert.deepEqual(stale, [], 'channels in VALID that no longer reveal data');
  // Every call that takes a purpose says which lookup rule decides its case number.
  for (const c of REVEALING) {
    const takes = purposePath(calls[c].input) !== null;
    assert.equal(VALID[c]!.caseRule !== undefined, takes, `${c}: caseRule is given exactly for calls with a purpose`);
  }
  // The walk finds the purposes it must (guards against it quietly finding none).
  assert.deepEqual(purposePath(calls['search:plates'].input), ['purpose']);
  assert.deepEqual(purposePath(calls['records:export-request'].input), ['lookup']);
});

test('each revealing call succeeds with valid input (the refusals below are about the purpose and the role, nothing else)', async () => {
  for (const c of REVEALING) {
    const spec = VALID[c]!;
    const r = await a.call(f.sup, c, await spec.input(f, f.sup));
    if (spec.hubless) assert.ok(!r.ok && r.error.code === spec.hubless.code && spec.hubless.message.test(r.error.message), `${c}: ${JSON.stringify(r)}`);
    else assert.ok(r.ok, `${c}: ${JSON.stringify(r)}`);
  }
});

for (const channel of REVEALING.filter((c) => purposePath(calls[c].input) !== null)) {
  test(`${channel}: no purpose, an unknown or retired purpose, or no case number: refused, nothing returned, one refused record`, async () => {
    const path = purposePath(calls[channel].input)!;
    const spec = VALID[channel]!;
    const rules = (await a.call(f.sup, 'reports:rules', {})) as { ok: true; value: { caseRequiredForSearch: boolean; caseRequiredForExport: boolean } };
    const caseRequired = spec.caseRule === 'search' ? rules.value.caseRequiredForSearch : rules.value.caseRequiredForExport;
    // The agency default (issue 4): searches and exports need a case number.
    assert.equal(caseRequired, true, 'case numbers are required for searches and exports by default');
    const variants: { name: string; purpose: unknown; reason: RegExp }[] = [
      // Refused by the input check: the record lists the problem at the purpose's place.
      { name: 'no purpose', purpose: undefined, reason: new RegExp(`^${path.join('\\.')}: Required$`, 'm') },
      { name: 'an unknown purpose', purpose: { purposeId: 987_654, caseNumber: 'C-1' }, reason: /purpose 987654 is not on the agency's list/ },
      { name: 'a retired purpose', purpose: { purposeId: retiredId, caseNumber: 'C-1' }, reason: /"Parking enforcement" has been retired/ },
      { name: 'no case number', purpose: { purposeId: f.purpose.purposeId }, reason: /case number is required/ },
      { name: 'a blank case number', purpose: { purposeId: f.purpose.purposeId, caseNumber: '   ' }, reason: /case ?number/i },
    ];
    const exportsBefore = a.core.db.prepare('SELECT count(*) FROM sharing_exports').pluck().get();
    for (const v of variants) {
      const input = withAt(await spec.input(f, f.sup), path, v.purpose);
      const { value: r, records } = await recordsOf(() => a.call(f.sup, channel, input));
      assert.equal(r.ok, false, `${channel} with ${v.name} must be refused`);
      assert.equal('value' in r, false, `${channel} with ${v.name} returned data`);
      if (!r.ok) assert.equal(r.error.code, 'invalid-input', `${channel} with ${v.name}`);
      assert.equal(records.length, 1, `${channel} with ${v.name}: ${JSON.stringify(records)}`);
      const rec = records[0]!;
      assert.equal(rec.outcome, 'refused', `${channel} with ${v.name}`);
      // One action name whether the input check or the purpose check refused it.
      assert.equal(rec.action, (calls[channel] as { auditAction?: string }).auditAction ?? channel, `${channel} with ${v.name}: the action`);
      assert.equal(rec.username, 'sup');
      assert.equal(rec.purpose, null, `${channel} with ${v.name}: a refused purpose is not recorded as the purpose`);
      const said = [rec.data.reason, ...((rec.data.problems as string[] | undefined) ?? [])].join('\n');
      assert.match(said, v.reason, `${channel} with ${v.name}: the record names the reason: ${said}`);
      // The data elements asked for are on the refusal too (the plate pattern of a search).
      const pattern = (input as { pattern?: unknown }).pattern;
      if (typeof pattern === 'string') assert.equal(rec.data.pattern, pattern, `${channel} with ${v.name}: the pattern`);
    }
    // Nothing was exported against the request either.
    assert.equal(a.core.db.prepare('SELECT count(*) FROM sharing_exports').pluck().get(), exportsBefore);
  });
}

for (const channel of REVEALING) {
  const access = calls[channel].access;
  const barred = ROLES.filter((r) => !roleAllowed(access, r));
  test(`${channel}: a role that may not make it (${barred.join(', ') || 'none'}) and a caller not signed in are refused and audited`, async () => {
    const callers: { who: string; role: Role | null; code: string }[] = [
      ...barred.map((role) => ({ who: `x-${role}`, role, code: 'forbidden' })),
      { who: 'nobody', role: null, code: 'unauthenticated' },
    ];
    for (const caller of callers) {
      const session = caller.role ? await a.session(caller.who, caller.role) : a.core.openSession({ ip: '10.9.9.8' }).id;
      // The input is valid (a supervisor's), so only the role stands in the way.
      const input = await VALID[channel]!.input(f, f.sup);
      const { value: r, records } = await recordsOf(() => a.call(session, channel, input));
      assert.equal(r.ok, false, `${channel} by ${caller.who}`);
      assert.equal('value' in r, false);
      if (!r.ok) assert.equal(r.error.code, caller.code, `${channel} by ${caller.who}`);
      assert.equal(records.length, 1, `${channel} by ${caller.who}: ${JSON.stringify(records)}`);
      // Under the same action the handler records when it grants the call.
      assert.equal(records[0]!.action, (calls[channel] as { auditAction?: string }).auditAction ?? channel);
      assert.equal(records[0]!.outcome, 'refused');
      assert.equal(records[0]!.username, caller.role ? caller.who : null);
      assert.equal(records[0]!.data.reason, caller.code);
    }
  });
}
