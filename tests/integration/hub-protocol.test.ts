import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { Socket } from 'socket.io-client';
import type { Hub } from '../../electron/hub/server';
import { holdsListAckSchema } from '../../electron/contract/hub';
import {
  connectConsole,
  getJson,
  post,
  postMany,
  startTestHub,
  until,
  validHit,
  type Json,
} from './hub-fixtures';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** An audit record numbered `seq` in its chain, as audit:held reads it (ids sort by time). */
const heldRecord = (id: string, seq: number, workstationId = 'ws-01') => ({ id, seq, workstationId, action: 'hit:open', prevHash: 'abc', hash: `h-${id}` });

async function deliveredSeqs(hub: Hub, workstation: string): Promise<number[]> {
  const { json } = await getJson(hub, `/deliveries?workstation=${workstation}`);
  return (json as { seq: number }[]).map((d) => d.seq);
}

test('a console with unknown credentials or another protocol is refused', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());

  const refusal = (auth: Parameters<typeof connectConsole>[1]) =>
    connectConsole(hub, auth).then(
      (s) => {
        s.close();
        return 'connected';
      },
      (err: Error) => err.message,
    );
  assert.equal(await refusal({ workstationId: 'ws-99', token: 'secret1' }), 'unauthorized');
  assert.equal(await refusal({ workstationId: 'ws-01', token: 'secret2' }), 'unauthorized');
  assert.equal(await refusal({ workstationId: 'ws-01', token: 'secret1x' }), 'unauthorized');
  assert.equal(await refusal({ lastSeq: -1 }), 'unauthorized');
  assert.equal(await refusal({ protocol: 2 }), 'unsupported protocol');
  assert.equal(await refusal({ workstationId: 'ws-02' }), 'connected');
});

test('replay: a console that had seq 100 of 300 gets 101..300 in order, and lastSeq counts as delivered', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  assert.deepEqual(await postMany(hub, 300), range(1, 300));

  const seqs: number[] = [];
  const socket = await connectConsole(hub, { lastSeq: 100 }, (hit, ack) => {
    seqs.push(hit.seq);
    ack({ ok: true });
  });
  t.after(() => socket.close());
  await until(() => seqs.length >= 200, 10_000, '200 hits');
  assert.deepEqual(seqs, range(101, 300));
  await until(async () => (await deliveredSeqs(hub, 'ws-01')).length === 300, 5000, 'deliveries');
  assert.deepEqual(await deliveredSeqs(hub, 'ws-01'), range(1, 300));
  assert.deepEqual(await deliveredSeqs(hub, 'ws-02'), []);
});

test('pipelining: the hub has at least 100 hits in flight before the first ack comes back', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  await postMany(hub, 300);

  const seqs: number[] = [];
  const held: ((answer: unknown) => void)[] = [];
  let holding = true;
  const socket = await connectConsole(hub, {}, (hit, ack) => {
    seqs.push(hit.seq);
    if (holding) held.push(ack);
    else ack({ ok: true });
  });
  t.after(() => socket.close());

  await until(() => seqs.length >= 100, 10_000, '100 unacknowledged hits');
  await new Promise((r) => setTimeout(r, 200));
  const inFlight = seqs.length;
  assert.ok(inFlight >= 100, `${inFlight} in flight`);
  assert.ok(inFlight < 300, 'in-flight hits are bounded');

  holding = false;
  for (const ack of held) ack({ ok: true });
  await until(() => seqs.length === 300, 10_000, 'the rest after the acks');
  assert.deepEqual(seqs, range(1, 300));
  await until(async () => (await deliveredSeqs(hub, 'ws-01')).length === 300, 5000, 'deliveries');
});

test('unacknowledged hits are not delivered and come again on the next connection', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  await postMany(hub, 50);

  const first: number[] = [];
  const socket = await connectConsole(hub, {}, (hit, ack) => {
    first.push(hit.seq);
    if (hit.seq <= 20) ack({ ok: true });
    else if (hit.seq <= 30) ack({ ok: false, error: 'disk full' });
    // 31..50: no answer at all, as if the console died before committing them.
  });
  await until(() => first.length === 50, 5000, 'first delivery');
  await until(async () => (await deliveredSeqs(hub, 'ws-01')).length >= 20, 5000, 'acks recorded');
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(await deliveredSeqs(hub, 'ws-01'), range(1, 20), 'exactly the acknowledged ones');
  socket.close();

  const again: number[] = [];
  const second = await connectConsole(hub, { lastSeq: 20 }, (hit, ack) => {
    again.push(hit.seq);
    ack({ ok: true });
  });
  t.after(() => second.close());
  await until(() => again.length === 30, 5000, 'redelivery');
  assert.deepEqual(again, range(21, 50));
  await until(async () => (await deliveredSeqs(hub, 'ws-01')).length === 50, 5000, 'all delivered');

  const deliveries = (await getJson(hub, '/deliveries?workstation=ws-01')).json as Json[];
  assert.deepEqual(Object.keys(deliveries[0]).sort(), ['ackedAt', 'id', 'seq']);
  assert.ok(deliveries.every((d) => Date.parse(d.ackedAt) > 0));
});

test('a lost ack frees its slot after the ack timeout, so later hits still flow', async (t) => {
  const hub = await startTestHub({ ackTimeoutMs: 300 });
  t.after(() => hub.close());
  await postMany(hub, 200);

  const seqs: number[] = [];
  const socket = await connectConsole(hub, {}, (hit) => seqs.push(hit.seq));
  t.after(() => socket.close());
  await until(() => seqs.length === 200, 10_000, 'all hits without a single ack');
  assert.deepEqual(seqs, range(1, 200));
  assert.deepEqual(await deliveredSeqs(hub, 'ws-01'), []);
});

test('a console that answers nothing at all is disconnected after a window of unanswered hits, not sent the whole history', async (t) => {
  const lines: string[] = [];
  const hub = await startTestHub({ ackTimeoutMs: 50, log: (l: string) => lines.push(l) });
  t.after(() => hub.close());
  await postMany(hub, 600);
  const seqs: number[] = [];
  let disconnected = false;
  const socket = await connectConsole(hub, {}, (hit) => seqs.push(hit.seq), (s) => s.on('disconnect', () => (disconnected = true)));
  t.after(() => socket.close());
  await until(() => disconnected, 20_000, 'the hub closes the link');
  assert.ok(seqs.length < 600, `stopped before the whole history (${seqs.length} sent)`);
  assert.ok(lines.some((l) => /left \d+ hits unanswered; closing its link/.test(l)), lines.join('\n'));
});

test('two workstations each receive every live hit, in order', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const got = new Map<string, number[]>();
  const sockets: Socket[] = [];
  for (const ws of ['ws-01', 'ws-02']) {
    got.set(ws, []);
    sockets.push(
      await connectConsole(hub, { workstationId: ws }, (hit, ack) => {
        got.get(ws)!.push(hit.seq);
        ack({ ok: true });
      }),
    );
  }
  t.after(() => sockets.forEach((s) => s.close()));

  for (let i = 0; i < 20; i++) assert.equal((await post(hub, validHit())).status, 202);
  await until(() => got.get('ws-01')!.length === 20 && got.get('ws-02')!.length === 20, 5000, 'both consoles');
  assert.deepEqual(got.get('ws-01'), range(1, 20));
  assert.deepEqual(got.get('ws-02'), range(1, 20));
  await until(async () => (await deliveredSeqs(hub, 'ws-02')).length === 20, 5000, 'deliveries');
  assert.deepEqual(await deliveredSeqs(hub, 'ws-01'), range(1, 20));
});

test('audit:append keeps each record once, and GET /audit returns them as sent', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const ws1 = await connectConsole(hub, { workstationId: 'ws-01' });
  const ws2 = await connectConsole(hub, { workstationId: 'ws-02' });
  t.after(() => {
    ws1.close();
    ws2.close();
  });
  const record = (id: string, workstationId = 'ws-01') => ({
    id,
    workstationId,
    at: '2026-11-25T03:13:00.000Z',
    user: 'dispatcher1',
    action: 'hit:open',
    purpose: 'Hit confirmation',
    prevHash: 'abc',
    hash: `h-${id}`,
  });

  assert.deepEqual(await ws1.emitWithAck('audit:append', [record('a1'), record('a2')]), { acked: ['a1', 'a2'] });
  assert.deepEqual(await ws1.emitWithAck('audit:append', [record('a2'), record('a3')]), { acked: ['a2', 'a3'] });
  await new Promise((r) => setTimeout(r, 15));
  const since = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 15));
  assert.deepEqual(await ws2.emitWithAck('audit:append', [record('b1', 'ws-02')]), { acked: ['b1'] });

  const foreign = await ws1.emitWithAck('audit:append', [record('x1', 'ws-02')]);
  assert.deepEqual(foreign.acked, []);
  assert.match(foreign.error, /belongs to workstation ws-02/);
  const malformed = await ws1.emitWithAck('audit:append', [{ workstationId: 'ws-01' }]);
  assert.deepEqual(malformed.acked, []);
  assert.match(malformed.error, /0\.id/);
  assert.deepEqual((await ws1.emitWithAck('audit:append', 'nonsense')).acked, []);
  // A copy of ws-01's data folder started as a second console: both carry on from record n2.
  const h = (id: string) => createHash('sha256').update(id).digest('hex');
  const chained = (id: string, seq: number, prev: string | null) => ({ ...record(id), seq, prevHash: prev === null ? '0'.repeat(64) : h(prev), hash: h(id) });
  const wsClone = await connectConsole(hub, { workstationId: 'ws-01' });
  t.after(() => wsClone.close());
  assert.deepEqual(await ws1.emitWithAck('audit:append', [chained('n1', 1, null), chained('n2', 2, 'n1'), chained('n3', 3, 'n2')]), { acked: ['n1', 'n2', 'n3'] });
  const fork = await wsClone.emitWithAck('audit:append', [chained('n2', 2, 'n1'), chained('c3', 3, 'n2'), chained('c4', 4, 'c3')]);
  assert.deepEqual(fork.acked, ['n2'], 'the record both hold is fine; nothing from the fork on is kept');
  assert.match(fork.error, /^record c3 \(3\) forks ws-01's audit chain: the hub already holds n3 after the same record\. Two consoles write as ws-01/);
  // A reinstalled workstation starts a new chain from the genesis hash: not a fork.
  assert.deepEqual(await wsClone.emitWithAck('audit:append', [chained('r1', 1, null), chained('r2', 2, 'r1')]), { acked: ['r1', 'r2'] });
  const lines = async (query: string) => {
    const res = await fetch(`${hub.url}/audit${query}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/x-ndjson/);
    return (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l));
  };
  const all = await lines('');
  assert.deepEqual(all.slice(0, 4), [record('a1'), record('a2'), record('a3'), record('b1', 'ws-02')]);
  assert.deepEqual(all.slice(4).map((r) => r.id), ['n1', 'n2', 'n3', 'r1', 'r2']);
  assert.deepEqual((await lines('?workstation=ws-01')).map((r) => r.id), ['a1', 'a2', 'a3', 'n1', 'n2', 'n3', 'r1', 'r2']);
  assert.deepEqual((await lines(`?since=${encodeURIComponent(since)}`)).map((r) => r.id), ['b1', 'n1', 'n2', 'n3', 'r1', 'r2']);
  assert.deepEqual((await lines(`?workstation=ws-01&since=${encodeURIComponent(since)}`)).map((r) => r.id), ['n1', 'n2', 'n3', 'r1', 'r2']);
});

test('audit:held names the numbers of the asking console\'s current chain the hub lacks, in pages', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const ws1 = await connectConsole(hub, { workstationId: 'ws-01' });
  const ws2 = await connectConsole(hub, { workstationId: 'ws-02' });
  t.after(() => {
    ws1.close();
    ws2.close();
  });
  // Ids are time-ordered (UUIDv7): a reinstalled workstation's new chain sorts after its old one.
  const old = range(1, 8).map((n) => heldRecord(`0001-old-${n}`, n));
  const current = [1, 2, 4, 7].map((n) => heldRecord(`0002-new-${n}`, n));
  const other = range(1, 8).map((n) => heldRecord(`0002-ws2-${n}`, n, 'ws-02'));
  assert.equal((await ws1.emitWithAck('audit:append', [...old, ...current])).acked.length, 12);
  assert.equal((await ws2.emitWithAck('audit:append', other)).acked.length, 8);

  const chainStart = '0002-new-1';
  assert.deepEqual(await ws1.emitWithAck('audit:held', { chainStart, from: 1, through: 8 }), {
    ok: true,
    missing: [[3, 3], [5, 6], [8, 8]],
    more: false,
  });
  assert.deepEqual(await ws1.emitWithAck('audit:held', { chainStart, from: 4, through: 4 }), { ok: true, missing: [], more: false });
  // The old chain, asked about as the chain it is, is whole.
  assert.deepEqual(await ws1.emitWithAck('audit:held', { chainStart: '0001-old-1', from: 1, through: 8 }), { ok: true, missing: [], more: false });

  // More gaps than one answer names: the console asks again after the last one.
  const sparse = range(1, 1300).map((n) => heldRecord(`0003-sparse-${String(n).padStart(5, '0')}`, 2 * n, 'ws-02'));
  assert.equal((await ws2.emitWithAck('audit:append', sparse)).acked.length, 1300);
  const first = await ws2.emitWithAck('audit:held', { chainStart: '0003-sparse', from: 1, through: 2600 });
  assert.equal(first.more, true);
  assert.equal(first.missing.length, 1000);
  assert.deepEqual(first.missing.slice(0, 2), [[1, 1], [3, 3]]);
  const next = await ws2.emitWithAck('audit:held', { chainStart: '0003-sparse', from: first.missing[999][1] + 1, through: 2600 });
  assert.equal(next.more, false);
  assert.equal(next.missing.length, 300);
  assert.deepEqual(next.missing[299], [2599, 2599]);

  // A long chain is read in windows of 10,000: a gap across a window's edge is one range,
  // and what the hub remembers as whole never hides it, asked again or after it was filled.
  const long = range(1, 60_000).filter((n) => n < 49_999 || n > 50_002).map((n) => heldRecord(`0004-long-${String(n).padStart(6, '0')}`, n));
  for (let i = 0; i < long.length; i += 10_000) assert.equal((await ws1.emitWithAck('audit:append', long.slice(i, i + 10_000))).acked.length, Math.min(10_000, long.length - i));
  const ask = () => ws1.emitWithAck('audit:held', { chainStart: '0004-long', from: 1, through: 60_000 });
  assert.deepEqual(await ask(), { ok: true, missing: [[49_999, 50_002]], more: false });
  assert.deepEqual(await ask(), { ok: true, missing: [[49_999, 50_002]], more: false });
  assert.deepEqual(await ws1.emitWithAck('audit:held', { chainStart: '0004-long', from: 1, through: 70_000 }), { ok: true, missing: [[49_999, 50_002], [60_001, 70_000]], more: false });
  await ws1.emitWithAck('audit:append', [49_999, 50_000, 50_001, 50_002].map((n) => heldRecord(`0004-long-${String(n).padStart(6, '0')}`, n)));
  assert.deepEqual(await ask(), { ok: true, missing: [], more: false });
  assert.deepEqual(await ask(), { ok: true, missing: [], more: false });

  const bad = await ws1.emitWithAck('audit:held', { chainStart, from: 5, through: 4 });
  assert.equal(bad.ok, false);
  assert.match(bad.error, /^invalid audit:held: through: through must not be below from/);
  assert.match((await ws1.emitWithAck('audit:held', { from: 1, through: 4 })).error, /chainStart/);
});

test('audit:held that stops early says there is more, even when ranges merged at a window edge', { timeout: 120_000 }, async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const ws = await connectConsole(hub, { workstationId: 'ws-01' });
  t.after(() => ws.close());
  // 999 single gaps, a gap across the 10,000 edge (two ranges before merging), then record 25,000 missing.
  const seqs: number[] = [1];
  for (let n = 3; n <= 1999; n += 2) seqs.push(n);
  for (let n = 2000; n <= 9000; n++) seqs.push(n);
  for (let n = 12_001; n <= 30_000; n++) if (n !== 25_000) seqs.push(n);
  const recs = seqs.map((n) => heldRecord(`0005-p-${String(n).padStart(6, '0')}`, n));
  for (let i = 0; i < recs.length; i += 10_000) await ws.emitWithAck('audit:append', recs.slice(i, i + 10_000));
  const ack = await ws.emitWithAck('audit:held', { chainStart: '0005-p', from: 1, through: 30_000 });
  assert.equal(ack.missing.length, 1000);
  assert.deepEqual(ack.missing.at(-1), [9001, 12_000]);
  assert.equal(ack.more, true, 'record 25,000 lies past where it stopped');
  const next = await ws.emitWithAck('audit:held', { chainStart: '0005-p', from: 12_001, through: 30_000 });
  assert.deepEqual(next, { ok: true, missing: [[25_000, 25_000]], more: false });
});

test('holds:list leaves out a hold whose record does not fit the contract, and lists the rest', async (t) => {
  const logged: string[] = [];
  const hub = await startTestHub({ log: (l: string) => logged.push(l) });
  t.after(() => hub.close());
  const ws = await connectConsole(hub, { workstationId: 'ws-01' });
  t.after(() => ws.close());
  const ok = { id: '0006-h-1', seq: 1, workstationId: 'ws-01', action: 'records.hold-place', outcome: 'ok', at: new Date().toISOString(), prevHash: 'x', hash: 'y', data: { holdId: 1, kind: 'hit', hitId: 'h1' } };
  const bad = { ...ok, id: '0006-h-2', seq: 2, data: { holdId: -1, kind: 'plate', plate: '7abc123', from: '2024-01-01', to: '2024-01-02' } };
  assert.deepEqual((await ws.emitWithAck('audit:append', [ok, bad])).acked, ['0006-h-1', '0006-h-2']);
  const ack = await ws.emitWithAck('holds:list', {});
  assert.equal(holdsListAckSchema.safeParse(ack).success, true, 'every console can read the list');
  assert.deepEqual(ack.holds.map((h: { recordId: string }) => h.recordId), ['0006-h-1']);
  assert.ok(logged.some((l) => l.startsWith('hub: the hold placed by record 0006-h-2 (ws-01) is not listed to consoles:')), logged.join('\n'));
});
