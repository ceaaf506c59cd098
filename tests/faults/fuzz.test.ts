// Malformed input, property-based (fast-check). Every message the console takes from the hub
// (hits delivered, hub events, answers to audit:append, checkpoint receipts, CLETS and claim
// answers) and every contract call (each channel) gets generated junk: wrong types, huge
// strings, prototype keys, nested junk, valid messages with one field broken. Each must be
// refused with a clear error that is logged, nothing of it stored (row counts unchanged but
// for the audit records of the refusals), and the console must keep working afterwards.
// `npm test` runs a few dozen cases each; `npm run test:faults` 1,000 each (ALPR_FUZZ_CASES).
import assert from 'node:assert/strict';
import http from 'node:http';
import fc from 'fast-check';
import { Server, type Socket } from 'socket.io';
import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import { z } from 'zod';
import { Core } from '../../electron/core/core';
import { HubRequestError } from '../../electron/core/hub-client/client';
import { calls, CHANNELS, type Channel, type Role } from '../../electron/contract';
import {
  auditCheckpointAckSchema,
  cletsQueryAckSchema,
  hitClaimAckSchema,
  hitEscalateSchema,
  hitStatusSchema,
  hotlistUpdatedSchema,
  hubHitSchema,
} from '../../electron/contract/hub';
import { tempDir } from '../helpers/tmp';
import { hubHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { authCore } from '../helpers/auth-core';
import { FaultSuite, size } from '../helpers/faults';

const suite = new FaultSuite('malformed input');
const CASES = size('ALPR_FUZZ_CASES', 40, 1000);
const CALL_CASES = size('ALPR_FUZZ_CALL_CASES', 12, 1000);

// ---- Generators --------------------------------------------------------------------------

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];
const hugeString = fc.integer({ min: 1, max: 4 }).map((n) => 'A'.repeat(n * 250_000));
const scalar = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 2 ** 53 + 1, -1, 0),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', ' ', '\u0000', '<script>alert(1)</script>', "'; DROP TABLE hits; --", '../../etc/passwd', '%s%n'),
  hugeString,
);
const junk: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...PROTO_KEYS)), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** A valid message with one field replaced by junk, removed, or an extra field added. */
function broken(valid: () => Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid());
  return fc
    .record({ key: fc.constantFrom(...keys, ...PROTO_KEYS, 'extra'), value: junk, mode: fc.constantFrom('replace', 'delete', 'nest') })
    .map(({ key, value, mode }) => {
      const m: Record<string, unknown> = valid();
      if (mode === 'delete') delete m[key];
      else if (mode === 'nest' && Object.hasOwn(m, key) && m[key] && typeof m[key] === 'object') {
        // Only into the message's own fields: m.__proto__ is Object.prototype, never to be touched.
        Object.defineProperty(m[key] as object, key, { value, enumerable: true, writable: true, configurable: true });
      }
      else Object.defineProperty(m, key, { value, enumerable: true, writable: true, configurable: true });
      return m;
    });
}

/**
 * `v` as the other side receives it: through socket.io's own encoder and decoder (undefined
 * fields vanish, an own __proto__ key is dropped ...). Throws where socket.io cannot send it.
 */
const encoder = new Encoder();
function onTheWire(v: unknown): unknown {
  const parts = encoder.encode({ type: PacketType.EVENT, nsp: '/', data: ['x', v] });
  const decoder = new Decoder();
  let out: unknown;
  decoder.on('decoded', (packet: { data?: unknown[] }) => {
    out = packet.data?.[1];
  });
  for (const part of parts) decoder.add(part);
  decoder.destroy();
  return out;
}
function sendable(v: unknown): boolean {
  try {
    onTheWire(v);
    return true;
  } catch {
    return false;
  }
}

/** Junk and broken variants of `valid`, only those the schema refuses as received (the fuzz is of refusals). */
function invalidFor(schema: z.ZodTypeAny, valid?: () => Record<string, unknown>): fc.Arbitrary<unknown> {
  const gen = valid ? fc.oneof(junk, broken(valid), broken(valid)) : junk;
  return gen.filter((v) => {
    try {
      return !schema.safeParse(onTheWire(v)).success;
    } catch {
      return false;
    }
  });
}

/** Counts of rows in every table. */
function rowCounts(core: Core): Record<string, number> {
  const tables = core.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, core.db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
}

/** The counts may differ only by audit records of refusals (and their outbox entries). */
function assertOnlyRefusalsAdded(core: Core, before: Record<string, number>, auditSeqBefore: number, what: string): number {
  const after = rowCounts(core);
  for (const [t, n] of Object.entries(before)) {
    // The audit trail and its companions (outbox, search index) grow by the refusal records.
    if (t.startsWith('audit_') && t !== 'audit_checkpoints') continue;
    assert.equal(after[t], n, `${what}: table ${t} changed (${n} -> ${after[t]})`);
  }
  const added = core.db.prepare('SELECT outcome FROM audit_log WHERE seq > ?').pluck().all(auditSeqBefore) as string[];
  assert.ok(added.every((o) => o === 'refused'), `${what}: only refusal records were added`);
  return added.length;
}

/** Waits until no table changes for a while (background work on a stored hit, e.g. its second reading, is done). */
async function settled(core: Core): Promise<void> {
  // The second reading (OCR) of each stored hit lands a while after the hit.
  const hasOcr = core.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'hit_ocr'").get() !== undefined;
  if (hasOcr) {
    await waitFor('second readings done', () => (core.db.prepare('SELECT count(*) FROM hit_ocr').pluck().get() as number) >= core.hits.count(), 20_000, 50).catch(() => {});
  }
  let last = JSON.stringify(rowCounts(core));
  let stableSince = Date.now();
  await waitFor('the console settles', async () => {
    await new Promise((r) => setTimeout(r, 100));
    const now = JSON.stringify(rowCounts(core));
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    }
    return Date.now() - stableSince >= 700;
  }, 30_000, 0);
}

const fcParams = (runs: number) => ({ numRuns: runs, endOnFailure: true, seed: Number(process.env.ALPR_FUZZ_SEED ?? Date.now() % 2 ** 31) });

// ---- Hub messages ------------------------------------------------------------------------

suite.test(`hub messages: ${CASES} generated cases each, every one refused, logged, nothing stored`, { timeout: 120_000 + CASES * 200 }, async () => {
  const server = http.createServer();
  const io = new Server(server, { maxHttpBufferSize: 64 * 1024 * 1024 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  let hubSocket: Socket | null = null;
  // What the fake hub answers to each console -> hub message.
  const answers: Record<string, unknown> = {};
  const asked: Record<string, number> = {};
  io.of('/console').on('connection', (socket) => {
    hubSocket = socket;
    for (const event of ['audit:append', 'audit:checkpoint', 'clets:query', 'hit:claim']) {
      socket.on(event, (_payload: unknown, ack: (a: unknown) => void) => {
        asked[event] = (asked[event] ?? 0) + 1;
        if (typeof ack === 'function') ack(answers[event]);
      });
    }
  });
  const log: string[] = [];
  const core = await Core.open({
    dataDir: tempDir(),
    workstationId: 'ws-fz',
    hub: { url, token: 't', hubKey: 'fake', training: false },
    mode: 'headless',
    version: '0-test',
    agencyName: 'Test PD',
    bootstrapUser: 'admin:hunter2hunter2:admin:2026-01-05',
    log: (l) => log.push(l),
  });
  const logged = (re: RegExp) => log.filter((l) => re.test(l)).length;
  try {
    await waitFor('the console connected to the fake hub', () => hubSocket?.connected && core.hubState().state === 'connected');
    const hub = hubSocket!;
    // One good hit first, so later checks can tell "still working".
    assert.deepEqual(await hub.timeout(5000).emitWithAck('hit', hubHit(1, { id: 'good-1' })), { ok: true });
    await waitFor('good hit stored', () => core.hits.count() === 1);
    await settled(core);
    let before = rowCounts(core);
    let seq = core.db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number;

    // 1. hits delivered.
    const validHit = () => hubHit(2, { id: 'fuzz-hit' }) as unknown as Record<string, unknown>;
    let refusedLogged = logged(/refused a malformed hit from the hub/);
    await fc.assert(
      fc.asyncProperty(invalidFor(hubHitSchema, validHit), async (payload) => {
        const ack = (await hub.timeout(10_000).emitWithAck('hit', payload)) as { ok: boolean; error?: string };
        assert.equal(ack.ok, false);
        assert.match(String(ack.error), /^malformed hit: .+/);
        refusedLogged += 1;
        assert.equal(logged(/refused a malformed hit from the hub/), refusedLogged, 'the refusal is in the log');
      }),
      fcParams(CASES),
    );
    suite.count('malformed hits refused', CASES);
    assertOnlyRefusalsAdded(core, before, seq, 'hits');
    assert.deepEqual(await hub.timeout(5000).emitWithAck('hit', hubHit(2, { id: 'good-2' })), { ok: true }, 'a valid hit is still stored');
    await waitFor('good hit 2 stored', () => core.hits.count() === 2);
    await settled(core);

    // 2. hub events (no answer): refused before any domain sees them.
    for (const [event, schema] of [['hit:status', hitStatusSchema], ['hit:escalate', hitEscalateSchema], ['hotlist:updated', hotlistUpdatedSchema]] as const) {
      before = rowCounts(core);
      seq = core.db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number;
      const re = new RegExp(`refused a malformed ${event} from the hub`);
      const start = logged(re);
      let sent = 0;
      await fc.assert(
        fc.asyncProperty(invalidFor(schema), async (payload) => {
          hub.emit(event, payload);
          sent += 1;
        }),
        fcParams(CASES),
      );
      await waitFor(`${event} refusals logged`, () => logged(re) - start >= sent, 30_000);
      assert.equal(logged(re) - start, sent, `each malformed ${event} logged once`);
      suite.count(`malformed ${event} refused`, sent);
      assertOnlyRefusalsAdded(core, before, seq, event);
    }

    // 3. answers to audit:append: nothing marked sent.
    const outbox = () => core.db.prepare('SELECT count(*) FROM audit_outbox').pluck().get() as number;
    const pending = outbox();
    assert.ok(pending > 0, 'records wait to be forwarded');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(junk, fc.record({ acked: fc.array(fc.oneof(fc.string(), fc.integer(), junk)) }), fc.record({ acked: fc.array(fc.uuid()), error: fc.string() })).filter(sendable),
        async (answer) => {
          answers['audit:append'] = answer;
          const n = asked['audit:append'] ?? 0;
          // Kick until the forwarder (done with the previous answer) asks again.
          await waitFor('audit:append asked', () => {
            core.hub!.kick();
            return (asked['audit:append'] ?? 0) > n;
          }, 10_000, 2);
          await new Promise((r) => setTimeout(r, 2));
          assert.equal(outbox(), pending, 'no record marked sent on a garbage answer');
        },
      ),
      fcParams(CASES),
    );
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(outbox(), pending, 'no record marked sent by any garbage answer');
    assert.ok(logged(/malformed answer to audit:append|the hub refused audit:append/) > 0, 'garbage answers are logged');
    suite.count('garbage audit:append answers', CASES);

    // 4. checkpoint receipts: none kept from a garbage answer.
    core.trail.checkpoints.take();
    await fc.assert(
      fc.asyncProperty(invalidFor(auditCheckpointAckSchema), async (answer) => {
        answers['audit:checkpoint'] = answer;
        const before = logged(/audit checkpoint not sent|refused audit checkpoint/);
        await core.trail.checkpoints.sendPending();
        assert.equal(core.db.prepare('SELECT count(*) FROM audit_checkpoints WHERE receipt IS NOT NULL').pluck().get(), 0);
        assert.equal(logged(/audit checkpoint not sent|refused audit checkpoint/), before + 1, 'logged');
      }),
      fcParams(CASES),
    );
    suite.count('garbage checkpoint receipts', CASES);

    // 5. answers to requests (CLETS, claims): a clear HubRequestError, logged.
    const requests: [string, z.ZodTypeAny, unknown][] = [
      ['clets:query', cletsQueryAckSchema, { message: 'QV.CA0000000.LIC/7ABC123.LIS/CA' }],
      ['hit:claim', hitClaimAckSchema, { hitId: 'good-1', user: { username: 'admin', displayName: 'Admin' } }],
    ];
    for (const [event, schema, payload] of requests) {
      await fc.assert(
        fc.asyncProperty(invalidFor(schema), async (answer) => {
          answers[event] = answer;
          const before = logged(new RegExp(`malformed answer to ${event}`));
          await assert.rejects(core.hub!.request(event, payload, schema), (err: unknown) => err instanceof HubRequestError && err.reason === 'malformed' && /malformed/.test(err.message));
          assert.equal(logged(new RegExp(`malformed answer to ${event}`)), before + 1);
        }),
        fcParams(CASES),
      );
      suite.count(`garbage ${event} answers`, CASES);
    }
    assert.equal(core.hits.count(), 2, 'nothing stored from any refused message');
    assert.equal(core.hubState().state, 'connected', 'the link stayed up');
  } finally {
    await core.close();
    io.close();
  }
});

// ---- Contract calls ------------------------------------------------------------------------

suite.test(`every contract call (${CHANNELS.length} channels): ${CALL_CASES} generated inputs each refused with a clear, logged error; nothing stored`, { timeout: 120_000 + CHANNELS.length * CALL_CASES * 40 }, async () => {
  const log: string[] = [];
  // The full run lasts longer than the checkpoint period: a periodic checkpoint is the core's
  // own bookkeeping, not something a refused call stored, so it is kept out of this window.
  const a = await authCore({ log: (l) => log.push(l), checkpointEveryMs: 24 * 3600_000 });
  const core = a.core;
  try {
    const sessions: Record<Role | 'public', string> = {
      public: core.openSession({ ip: '10.1.1.1' }).id,
      dispatcher: await a.session('disp', 'dispatcher'),
      supervisor: await a.session('sup', 'supervisor'),
      admin: await a.session('adm', 'admin'),
      auditor: await a.session('aud', 'auditor'),
    };
    let total = 0;
    for (const channel of CHANNELS as readonly Channel[]) {
      const spec = calls[channel];
      const access = spec.access as 'public' | 'signed-in' | readonly Role[];
      const sessionId = access === 'public' ? sessions.public : access === 'signed-in' ? sessions.dispatcher : sessions[access[0]!];
      const before = rowCounts(core);
      const seq = core.db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number;
      const re = new RegExp(`refused ${channel}: invalid input`);
      let n = 0;
      await fc.assert(
        fc.asyncProperty(invalidFor(spec.input as z.ZodTypeAny), async (input) => {
          // Only the lines this call wrote are searched (scanning the whole log each time made
          // the full run quadratic in the number of calls).
          const start = log.length;
          const r = await core.dispatch(sessionId, channel, input);
          assert.equal(r.ok, false, `${channel} accepted junk`);
          if (!r.ok) {
            assert.equal(r.error.code, 'invalid-input', `${channel}: ${JSON.stringify(r.error).slice(0, 300)}`);
            assert.equal(r.error.message, `invalid input for ${channel}`);
            assert.ok((r.error.details ?? []).length > 0, 'the error names what is wrong');
          }
          assert.equal(log.slice(start).filter((l) => re.test(l)).length, 1, 'the refusal is logged');
          n += 1;
        }),
        fcParams(CALL_CASES),
      );
      total += n;
      const refusals = assertOnlyRefusalsAdded(core, before, seq, channel);
      suite.count('contract calls refused', n);
      if (refusals) suite.count('refusal audit records', refusals);
      // Still working: a valid call succeeds for the same session.
      const ok = await core.dispatch(sessionId, access === 'public' ? 'app:info' : 'hub:status', {});
      assert.ok(ok.ok, `${channel}: a valid call after the junk failed: ${JSON.stringify(ok)}`);
    }
    suite.count('channels fuzzed', CHANNELS.length);
    assert.ok(total >= CHANNELS.length * CALL_CASES);
    const q = await core.dispatch(sessions.dispatcher, 'hits:queue', {});
    assert.ok(q.ok, 'the queue still answers');
  } finally {
    await core.close();
  }
});
