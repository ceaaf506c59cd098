import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { io } from 'socket.io-client';
import { HUB_NAMESPACE, HUB_PROTOCOL_VERSION } from '../../electron/contract/hub';
import { patternRegExp } from '../../electron/hub/reads/pattern';
import { TRAINING_READS_FILE } from '../../electron/hub/training/reads';
import { tempDir } from '../helpers/tmp';
import type { Json } from './hub-fixtures';

const root = path.resolve(__dirname, '../..');

function runHub(args: string[], env: Record<string, string> = {}): ChildProcess {
  const { ALPR_HUB_TOKENS: _ignored, ...parentEnv } = process.env;
  return spawn(process.execPath, ['--import', 'tsx', 'electron/hub/cli.ts', ...args], {
    cwd: root,
    env: { ...parentEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): { stdout: () => string; stderr: () => string; exit: Promise<number | null> } {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { stdout: () => stdout, stderr: () => stderr, exit };
}

async function readyUrl(out: { stdout: () => string }, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = /^hub ready (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out.stdout());
    if (match) return match[1]!;
    if (Date.now() > deadline) throw new Error(`no ready line within ${ms} ms; stdout: ${out.stdout()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A search as the training console would send it, through a raw socket.io client. */
async function searchTraining(url: string, pattern: string, extra: Json = {}): Promise<Json> {
  const socket = io(url + HUB_NAMESPACE, {
    auth: { protocol: HUB_PROTOCOL_VERSION, workstationId: 'training-ws', token: 'training', lastSeq: 1_000_000 },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  try {
    await new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(undefined));
      socket.once('connect_error', reject);
    });
    const q = { pattern, purpose: 'Training', caseNumber: 'TRN-1', user: { username: 'trainee', displayName: 'Trainee' }, ...extra };
    return await socket.emitWithAck('reads:search', q);
  } finally {
    socket.close();
  }
}

test('npm run hub --training: ready within 10 s on a fresh folder, with a million reads written behind it', async (t) => {
  const data = tempDir('alpr-hub-cli-');
  const child = runHub(['--port', '0', '--data', data, '--training', '--rate', '60']);
  const out = collect(child);
  const started = Date.now();
  let loadedMs: number;
  const searched: { pattern: string; extra: Json; total: number; ids: string[]; ms: number }[] = [];
  try {
    const url = await readyUrl(out, 10_000);
    t.diagnostic(`hub ready ${Date.now() - started} ms after spawn`);
    assert.equal(out.stdout(), `hub ready ${url}\n`, 'stdout holds the ready line alone');
    assert.match(out.stderr(), /training workstation "training-ws" uses token "training"/);
    assert.deepEqual(await (await fetch(`${url}/health`)).json(), { ok: true, training: true }, 'consoles learn it is a training hub');

    const first = await searchTraining(url, '*123');
    if (!first.ok) assert.match(first.error, /^read history still loading/);
    let answer = first;
    while (!answer.ok) {
      assert.ok(Date.now() - started < 180_000, `history not written within 180 s: ${answer.error}`);
      await new Promise((r) => setTimeout(r, 250));
      answer = await searchTraining(url, '*123');
    }
    loadedMs = Date.now() - started;
    assert.ok(answer.total > 500 && answer.truncated, `${answer.total} of a million reads end in 123`);
    assert.match(out.stderr(), /training read history ready \(1000000 reads in \d+ ms\)/);

    // Every pattern shape and filter over the million reads, through the protocol; checked
    // against a full scan of the file below. Times are reported, not asserted.
    const plate = answer.reads[0].plate as string;
    const camera = answer.reads[0].camera.id as string;
    const to = answer.reads[0].capturedAt as string;
    const from = new Date(Date.parse(to) - 10 * 86_400_000).toISOString();
    const queries: [string, Json][] = [
      [plate, {}],
      [`${plate.slice(0, 3)}*`, {}],
      [`*${plate.slice(-3)}`, { limit: 50, offset: 50 }],
      [`${plate.slice(0, 2)}?${plate.slice(3, -1)}?`, {}],
      [`*${plate.slice(2, 4)}*`, { cameraId: camera }],
      [`*${plate.slice(-3)}`, { cameraId: camera, from, to }],
    ];
    for (const [pattern, extra] of queries) {
      const t0 = performance.now();
      const got = await searchTraining(url, pattern, extra);
      const ms = performance.now() - t0;
      assert.equal(got.ok, true, JSON.stringify(got));
      searched.push({ pattern, extra, total: got.total, ids: got.reads.map((r: Json) => r.id), ms });
    }
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await out.exit, 0);

  const db = new Database(path.join(data, TRAINING_READS_FILE), { readonly: true });
  const all = db.prepare('SELECT id, plate, camera_id, captured_at FROM reads').all() as { id: number; plate: string; camera_id: string; captured_at: number }[];
  db.close();
  assert.equal(all.length, 1_000_000);
  for (const s of searched) {
    const re = patternRegExp(s.pattern);
    const want = all
      .filter(
        (r) =>
          re.test(r.plate) &&
          (!s.extra.cameraId || r.camera_id === s.extra.cameraId) &&
          (!s.extra.from || r.captured_at >= Date.parse(s.extra.from)) &&
          (!s.extra.to || r.captured_at < Date.parse(s.extra.to)),
      )
      .sort((a, b) => b.captured_at - a.captured_at || b.id - a.id);
    const offset = s.extra.offset ?? 0;
    assert.equal(s.total, want.length, `${s.pattern} ${JSON.stringify(s.extra)}: total`);
    assert.deepEqual(s.ids, want.slice(offset, offset + (s.extra.limit ?? 500)).map((r) => `t-${r.id}`), `${s.pattern}: the newest, paged`);
    t.diagnostic(`${s.pattern} ${JSON.stringify(s.extra)}: ${s.total} of 1,000,000 reads, round trip ${s.ms.toFixed(1)} ms`);
  }

  t.diagnostic(`training history of 1,000,000 reads searchable ${loadedMs} ms after spawn`);
});

test('npm run hub fails with one clear line when the port is taken or arguments are missing', async () => {
  const firstData = tempDir('alpr-hub-cli-');
  const first = runHub(['--port', '0', '--data', firstData], { ALPR_HUB_TOKENS: 'ws-01=secret1' });
  const firstOut = collect(first);
  const hubLog = (dir: string) => fs.readFileSync(path.join(dir, 'logs', 'hub.log'), 'utf8');
  try {
    const url = await readyUrl(firstOut, 10_000);
    const port = new URL(url).port;
    assert.match(hubLog(firstData), new RegExp(`hub ready ${url.replace(/[.]/g, '\\.')}\\n`), 'IT finds the start in the hub\'s log file');
    const secondData = tempDir('alpr-hub-cli-');
    const second = collect(runHub(['--port', port, '--data', secondData]));
    assert.equal(await second.exit, 1);
    assert.match(second.stderr(), new RegExp(`^hub: ALPR_HUB_TOKENS is not set; no console can connect\\nhub: port ${port} on 127\\.0\\.0\\.1 is already in use\\n$`));
    assert.equal(second.stdout(), '');
    assert.match(hubLog(secondData), /start failed: port \d+ on 127\.0\.0\.1 is already in use/);
  } finally {
    first.kill('SIGTERM');
  }
  assert.equal(await firstOut.exit, 0);
  assert.match(hubLog(firstData), /hub: SIGTERM, closing/);

  const noData = collect(runHub(['--port', '0']));
  assert.equal(await noData.exit, 1);
  assert.equal(noData.stderr(), 'hub: --data DIR is required\n');

  const readsAlone = collect(runHub(['--port', '0', '--data', tempDir('alpr-hub-cli-'), '--reads', '10']));
  assert.equal(await readsAlone.exit, 1);
  assert.equal(readsAlone.stderr(), 'hub: --rate, --seed and --reads only apply with --training\n');

  // A token list IT mistyped is refused naming the entry, not half taken.
  for (const [spec, said] of [
    ['ws-01', 'ALPR_HUB_TOKENS: "ws-01" is not workstation=token (entries are separated by commas)'],
    ['ws-01=a,ws-02', 'ALPR_HUB_TOKENS: "ws-02" is not workstation=token (entries are separated by commas)'],
    ['ws-01=a,ws-01=b', 'ALPR_HUB_TOKENS: workstation "ws-01" is listed twice'],
  ]) {
    const bad = collect(runHub(['--port', '0', '--data', tempDir('alpr-hub-cli-')], { ALPR_HUB_TOKENS: spec! }));
    assert.equal(await bad.exit, 1);
    assert.equal(bad.stderr(), `hub: ${said}\n`);
  }

  // A data folder given as a file (a typo in a service unit) is named, with why.
  const file = path.join(tempDir('alpr-hub-cli-'), 'hub.sqlite');
  fs.writeFileSync(file, '');
  const onFile = collect(runHub(['--port', '0', '--data', file], { ALPR_HUB_TOKENS: 'ws-01=secret1' }));
  assert.equal(await onFile.exit, 1);
  assert.equal(onFile.stderr(), `hub: data folder ${file} cannot be used: it, or a folder above it, is a file\n`);
});
