/**
 * hit_latency_p50_ms / hit_latency_p99_ms: from sending POST /hits to the plate visible in the
 * queue in Chromium (headless console against the real hub), two 30 KB images per hit, at a
 * steady 20 hits/s. Baseline: a bare socket.io emit-to-ack round trip with the same payload on
 * the same machine in the same run. hits_lost: posted hits never shown.
 * hit_latency_warm_p99_ms: the p99 of all but the first WARM_UP hits posted (and of all but
 * the first WARM_UP baseline round trips).
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { startHub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { launchBrowser } from '../helpers/browser';
import { startConsole } from '../helpers/processes';
import { tempDir } from '../helpers/tmp';
import { postedHit } from '../helpers/hits';
import { atRate, line, percentile, type BenchLine } from './stats';
import { signInAndAcknowledge, TRAINED } from '../helpers/clearance';

const WARM_UP = 20;

/** A 30 KB JPEG-framed payload: the queue never decodes it, only its size travels. */
function image30k(seed: number): Buffer {
  const buf = crypto.createHash('sha256').update(String(seed)).digest();
  const out = Buffer.alloc(30 * 1024);
  for (let i = 0; i < out.length; i += buf.length) buf.copy(out, i);
  out[0] = 0xff; out[1] = 0xd8; out[2] = 0xff; out[3] = 0xe0;
  out[out.length - 2] = 0xff; out[out.length - 1] = 0xd9;
  return out;
}

async function baselineRoundTrips(count: number, rate: number): Promise<number[]> {
  const server = http.createServer();
  const ioServer = new Server(server, { maxHttpBufferSize: 16e6 });
  ioServer.on('connection', (s) => s.on('hit', (_p: unknown, ack: (a: unknown) => void) => ack({ ok: true })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = connect(`http://127.0.0.1:${(server.address() as { port: number }).port}`, { transports: ['websocket'] });
  await new Promise<void>((r) => client.once('connect', () => r()));
  const payload = { images: { plate: { mime: 'image/jpeg', data: image30k(1) }, overview: { mime: 'image/jpeg', data: image30k(2) } } };
  const times: number[] = [];
  await atRate(count, rate, async () => {
    const t0 = performance.now();
    await client.emitWithAck('hit', payload);
    times.push(performance.now() - t0);
  });
  client.close();
  ioServer.close();
  return times;
}

export async function benchHitLatency(opts: { count: number; rate: number }): Promise<BenchLine[]> {
  const base = await baselineRoundTrips(opts.count, opts.rate);
  const hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-bench=bench-token') });
  const app = await startConsole(
    { data: tempDir(), hub: hub.url },
    { ALPR_WORKSTATION_ID: 'ws-bench', ALPR_HUB_TOKEN: 'bench-token', ALPR_CONSOLE_BOOTSTRAP_USER: `bench:night-shift-42:dispatcher:${TRAINED}` },
  );
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(app.url);
    await signInAndAcknowledge(page, 'bench', 'night-shift-42');
    const queue = page.getByRole('list', { name: 'Hit queue' });
    await queue.waitFor();
    // Record, in the page, the wall-clock time each plate first appears in the queue.
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { __seen: Record<string, number> }).__seen = seen;
      const list = document.querySelector('[aria-label="Hit queue"]')!;
      new MutationObserver(() => {
        const now = performance.timeOrigin + performance.now();
        for (const el of list.querySelectorAll('[data-plate]')) {
          const plate = el.getAttribute('data-plate')!;
          if (!(plate in seen)) seen[plate] = now;
        }
      }).observe(list, { childList: true, subtree: true, characterData: true });
    });
    const sentAt = new Map<string, number>();
    const run = crypto.randomBytes(2).toString('hex').toUpperCase().replace(/[^A-Z0-9]/g, 'X');
    const plates = Array.from({ length: opts.count }, (_, i) => `B${run}${String(i).padStart(4, '0')}`.slice(0, 10));
    await atRate(opts.count, opts.rate, async (i) => {
      const plate = plates[i]!;
      const hit = postedHit({ read: { plate, state: 'CA', confidence: 0.9 } });
      hit.images = {
        plate: { mime: 'image/jpeg', base64: image30k(i * 2).toString('base64') },
        overview: { mime: 'image/jpeg', base64: image30k(i * 2 + 1).toString('base64') },
      };
      hit.matches[0] = { ...hit.matches[0]!, plate };
      const body = JSON.stringify(hit);
      sentAt.set(plate, performance.timeOrigin + performance.now());
      const res = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (res.status !== 202) throw new Error(`POST /hits answered ${res.status}`);
    });
    const deadline = Date.now() + 30_000;
    let seen: Record<string, number> = {};
    while (Date.now() < deadline) {
      seen = await page.evaluate(() => (window as unknown as { __seen: Record<string, number> }).__seen);
      if (plates.every((p) => p in seen)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const latencies = plates.filter((p) => p in seen).map((p) => seen[p]! - sentAt.get(p)!);
    const lost = plates.length - latencies.length;
    return [
      line('hit_latency_p50_ms', percentile(latencies, 50), 'ms', percentile(base, 50)),
      line('hit_latency_p99_ms', percentile(latencies, 99), 'ms', percentile(base, 99)),
      // The same without the first WARM_UP hits posted, whose code paths in the hub, the console
      // and the page run for the first time: the steady state of a shift.
      line('hit_latency_warm_p99_ms', percentile(latencies.slice(WARM_UP), 99), 'ms', percentile(base.slice(WARM_UP), 99)),
      line('hits_lost', lost, 'hits', null),
    ];
  } finally {
    await browser.close();
    await app.stop();
    await hub.close();
  }
}
