import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  auditAppendAckSchema,
  auditCheckpointAckSchema,
  checkpointReceiptText,
  storedCheckpointSchema,
} from '../../electron/contract/hub';
import { RECEIPT_KEY_FILE } from '../../electron/hub/receipts';
import { tempDir } from '../helpers/tmp';
import { connectAcking, getJson, startTestHub, type Json } from './hub-fixtures';

const hash = (n: number) => crypto.createHash('sha256').update(String(n)).digest('hex');
const checkpoint = (count: number, workstationId = 'ws-01', headHash = hash(count)) => ({
  workstationId,
  count,
  headHash,
  signature: `sig-${workstationId}-${count}`,
});

function expectedMac(dataDir: string, cp: ReturnType<typeof checkpoint>, hubTime: string): string {
  const key = Buffer.from(fs.readFileSync(path.join(dataDir, RECEIPT_KEY_FILE), 'utf8').trim(), 'hex');
  return crypto.createHmac('sha256', key).update(checkpointReceiptText(cp, hubTime)).digest('hex');
}

test('audit:checkpoint: each checkpoint gets a receipt MACed with the hub key; GET /audit/checkpoints lists them', async (t) => {
  const dataDir = tempDir('alpr-hub-');
  const hub = await startTestHub({ dataDir });
  t.after(() => hub.close());
  const ws1 = await connectAcking(hub, { workstationId: 'ws-01' });
  const ws2 = await connectAcking(hub, { workstationId: 'ws-02' });
  t.after(() => {
    ws1.close();
    ws2.close();
  });
  assert.equal((fs.statSync(path.join(dataDir, RECEIPT_KEY_FILE)).mode & 0o777).toString(8), '600', 'the key is the hub user’s alone');

  const acks: Json[] = [];
  for (const cp of [checkpoint(0), checkpoint(10), checkpoint(20)]) {
    const ack = await ws1.emitWithAck('audit:checkpoint', cp);
    assert.ok(auditCheckpointAckSchema.safeParse(ack).success, JSON.stringify(ack));
    assert.equal(ack.ok, true);
    assert.equal(ack.receipt.mac, expectedMac(dataDir, cp, ack.receipt.hubTime));
    assert.ok(Math.abs(Date.parse(ack.receipt.hubTime) - Date.now()) < 5000);
    acks.push(ack);
  }
  assert.equal(new Set(acks.map((a) => a.receipt.keyId)).size, 1);
  assert.deepEqual(await ws1.emitWithAck('audit:checkpoint', checkpoint(20)), acks[2], 'sent again: the first receipt');
  assert.deepEqual(await ws1.emitWithAck('audit:checkpoint', checkpoint(10)), acks[1], 'an older one again too');
  assert.equal((await ws2.emitWithAck('audit:checkpoint', checkpoint(5, 'ws-02'))).ok, true, 'counts are per workstation');

  const { status, json } = await getJson(hub, '/audit/checkpoints?workstation=ws-01');
  assert.equal(status, 200);
  const rows = json as Json[];
  assert.deepEqual(rows.map((r) => r.count), [0, 10, 20]);
  for (const [i, row] of rows.entries()) {
    assert.ok(storedCheckpointSchema.safeParse(row).success, JSON.stringify(row));
    assert.deepEqual(row.receipt, acks[i].receipt);
    assert.equal(row.signature, `sig-ws-01-${row.count}`);
  }
  assert.deepEqual(((await getJson(hub, '/audit/checkpoints')).json as Json[]).map((r) => r.workstationId).sort(), [
    'ws-01',
    'ws-01',
    'ws-01',
    'ws-02',
  ]);
  assert.deepEqual((await getJson(hub, '/audit/checkpoints?workstation=ws-09')).json, []);
});

test('a checkpoint that goes backwards, or rewrites a head, is refused as a rewrite; so after a restart', async (t) => {
  const dataDir = tempDir('alpr-hub-');
  let hub = await startTestHub({ dataDir });
  let ws1 = await connectAcking(hub);
  const first = await ws1.emitWithAck('audit:checkpoint', checkpoint(100));
  assert.equal(first.ok, true);

  const back = await ws1.emitWithAck('audit:checkpoint', checkpoint(99));
  assert.equal(back.ok, false);
  assert.match(back.error, /audit checkpoint refused: ws-01 sent a count of 99, below the 100 records it checkpointed at .*: the workstation's audit log was rewritten or truncated/);
  const rewritten = await ws1.emitWithAck('audit:checkpoint', checkpoint(100, 'ws-01', hash(7)));
  assert.equal(rewritten.ok, false);
  assert.match(rewritten.error, /the same count \(100\) with another head hash/);
  assert.ok(auditCheckpointAckSchema.safeParse(rewritten).success);
  ws1.close();
  await hub.close();

  hub = await startTestHub({ dataDir });
  t.after(() => hub.close());
  ws1 = await connectAcking(hub);
  t.after(() => ws1.close());
  assert.equal((await ws1.emitWithAck('audit:checkpoint', checkpoint(50))).ok, false, 'the hub remembers across restarts');
  const later = await ws1.emitWithAck('audit:checkpoint', checkpoint(150));
  assert.equal(later.ok, true);
  assert.equal(later.receipt.keyId, first.receipt.keyId, 'the same key after a restart');
  assert.deepEqual(((await getJson(hub, '/audit/checkpoints?workstation=ws-01')).json as Json[]).map((r) => r.count), [100, 150]);
});

test('audit:checkpoint refuses bad payloads and another workstation’s checkpoint; audit:append errors fit their schema', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const ws1 = await connectAcking(hub);
  t.after(() => ws1.close());
  const cases: [unknown, RegExp][] = [
    [checkpoint(1, 'ws-02'), /workstationId: ws-02 is not this console \(ws-01\)/],
    [{ ...checkpoint(1), headHash: 'abc' }, /invalid audit:checkpoint: headHash: a SHA-256 in lowercase hex/],
    [{ ...checkpoint(1), count: -1 }, /count: Number must be greater than or equal to 0/],
    [{ ...checkpoint(1), count: 1.5 }, /count: Expected integer/],
    [{ ...checkpoint(1), signature: undefined }, /signature: Required/],
    [[checkpoint(1)], /\(body\): Expected object, received array/],
  ];
  for (const [payload, error] of cases) {
    const ack = await ws1.emitWithAck('audit:checkpoint', payload);
    assert.equal(ack.ok, false, JSON.stringify(payload));
    assert.match(ack.error, error);
  }
  assert.deepEqual((await getJson(hub, '/audit/checkpoints')).json, []);

  const bad = await ws1.emitWithAck('audit:append', [{ workstationId: 'ws-01' }]);
  assert.ok(auditAppendAckSchema.safeParse(bad).success, JSON.stringify(bad));
  assert.deepEqual(bad.acked, []);
  assert.match(bad.error, /malformed audit records/);
});
