/**
 * The console after an outage, and the headless console's start.
 *   backlog_10k_store_s  10,000 hits queued at the hub while the console was offline, from
 *                        opening the console (it connects and resumes) to all 10,000 stored.
 *                        Baseline: the same 10,000 rows inserted in one transaction.
 *   headless_ready_ms    spawning the headless console to its `console ready` line (median of
 *                        3, empty data folder, renderer already built) as `npm run
 *                        console:headless` runs it: tools/run-cli.mjs, from the compiled dist/
 *                        (built first when stale, outside the timing). Baseline: a bare
 *                        `node -e` printing a line. headless_ready_tsx_ms: the same straight
 *                        from the TypeScript through tsx (what a developer's stale tree gets).
 *   core_rss_mb          resident memory of the headless console process after it stored the
 *                        10,000-hit backlog. Baseline: the RSS of a bare node process.
 * The hub's files live in memory (/dev/shm) so filling its queue costs seconds; the console's
 * files are on the ordinary disk, as in production.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { startHub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { Core } from '../../electron/core/core';
import { HitStore } from '../../electron/core/hits/store';
import { openDatabase } from '../../electron/core/db/open';
import { consoleMigrations } from '../../electron/core/db/migrations';
import { FieldCipher } from '../../electron/core/util/field-crypto';
import { ensureRendererBuilt } from '../../electron/renderer-build';
import { tempDir } from '../helpers/tmp';
import { hubHit } from '../helpers/hits';
import { memoryDir, queueHitsInStore } from '../helpers/faults';
import { line, percentile, type BenchLine } from './stats';

const root = path.resolve(__dirname, '..', '..');
const WS = 'ws-bench';
const TOKEN = 'bench-token';

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Spawns a process and resolves when a stdout/stderr line matches; returns the ms it took. */
function spawnUntil(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<{ ms: number; pid: number; kill(): Promise<void>; output: string[] }> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const kill = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`bench: ${args.join(' ')} not ready in 60 s:\n${output.join('\n')}`));
    }, 60_000);
    for (const stream of [proc.stdout, proc.stderr]) {
      readline.createInterface({ input: stream }).on('line', (l) => {
        output.push(l);
        if (!done && ready.test(l)) {
          done = true;
          clearTimeout(timer);
          resolve({ ms: performance.now() - t0, pid: proc.pid!, kill, output });
        }
      });
    }
    proc.once('exit', (code) => {
      if (done) return;
      clearTimeout(timer);
      reject(new Error(`bench: ${args.join(' ')} exited with ${code}:\n${output.join('\n')}`));
    });
  });
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** How `npm run console:headless` starts the headless console (compiled when dist/ is fresh). */
const HEADLESS = [path.join(root, 'tools/run-cli.mjs'), 'electron/cli/console-headless.ts'];
/** Straight from the TypeScript, through tsx. */
const HEADLESS_TSX = ['--import', 'tsx', path.join(root, 'electron/cli/console-headless.ts')];

/** Compiles electron/ into dist/ when the sources are newer (tools/run-cli.mjs runs dist/ only then). */
function ensureCompiled(): void {
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : e.name.endsWith('.ts') ? fs.statSync(p).mtimeMs : 0);
    }, 0);
  const compiled = path.join(root, 'dist', 'electron', 'cli', 'console-headless.js');
  if (fs.existsSync(compiled) && fs.statSync(compiled).mtimeMs >= newest(path.join(root, 'electron'))) return;
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('bench: compiling electron/ for headless_ready_ms failed');
}

export async function benchBacklog(opts: { hits?: number; readyRuns?: number } = {}): Promise<BenchLine[]> {
  const n = opts.hits ?? 10_000;
  const runs = opts.readyRuns ?? 3;
  const lines: BenchLine[] = [];
  const hubDir = memoryDir('alpr-bench-hub-');
  await queueHitsInStore(hubDir, n, 'bk');
  const tokens = parseHubTokens(`${WS}=${TOKEN}`);
  // The hub runs in its own process, as in production (it is another machine there): the
  // figure is the console's work, not the hub's sharing its event loop.
  const hubProc = await spawnUntil(['--import', 'tsx', path.join(root, 'electron/hub/cli.ts'), '--port', '0', '--data', hubDir], /^hub ready /, {
    ALPR_HUB_TOKENS: `${WS}=${TOKEN}`,
  });
  const hubUrl = /^hub ready (\S+)/.exec(hubProc.output.find((l) => l.startsWith('hub ready')) ?? '')?.[1];
  if (!hubUrl) throw new Error(`bench: the hub did not say where it listens: ${hubProc.output.join(' | ')}`);
  const hub = { url: hubUrl, close: () => hubProc.kill() };
  try {
    // backlog_10k_store_s: open the console, it connects with lastSeq 0 and takes them all.
    const dataDir = tempDir('alpr-bench-backlog-');
    const t0 = performance.now();
    const core = await Core.open({ dataDir, workstationId: WS, hub: { url: hub.url, token: TOKEN, hubKey: hub.url, training: false }, mode: 'headless', version: 'bench', agencyName: 'Bench PD' });
    try {
      await waitUntil(() => core.hits.count() >= n, 300_000, `${n} hits stored`);
    } finally {
      await core.close();
    }
    const backlogS = (performance.now() - t0) / 1000;
    // Baseline: the same rows, one transaction, no network.
    const baseDir = tempDir('alpr-bench-base-');
    const db = openDatabase(path.join(baseDir, 'console.sqlite'), { migrations: consoleMigrations });
    const store = new HitStore(db, FieldCipher.forDataDir(baseDir));
    const hits = Array.from({ length: n }, (_, i) => hubHit(i + 1, { id: `bk-${i}` }));
    const b0 = performance.now();
    store.insertBatch('hub', hits);
    const baseS = (performance.now() - b0) / 1000;
    db.close();
    lines.push(line(n === 10_000 ? 'backlog_10k_store_s' : `backlog_${n}_store_s`, backlogS, 's', baseS));

    // headless_ready_ms: the UI build and the compiled core are checked (and done if needed) first, outside the timing.
    ensureRendererBuilt(() => {});
    ensureCompiled();
    const emptyHub = await startHub({ port: 0, dataDir: memoryDir('alpr-bench-hub0-'), tokens });
    const env = { ALPR_WORKSTATION_ID: WS, ALPR_HUB_TOKEN: TOKEN };
    const ready: number[] = [];
    const readyTsx: number[] = [];
    const bare: number[] = [];
    try {
      for (let i = 0; i < runs; i++) {
        for (const [how, times] of [[HEADLESS, ready], [HEADLESS_TSX, readyTsx]] as const) {
          const app = await spawnUntil([...how, '--port', '0', '--data', tempDir('alpr-bench-ready-'), '--hub', emptyHub.url], /^console ready /, env);
          times.push(app.ms);
          await app.kill();
        }
        const b = await spawnUntil(['-e', 'console.log("ready")'], /^ready$/);
        bare.push(b.ms);
        await b.kill();
      }
    } finally {
      await emptyHub.close();
    }
    lines.push(line('headless_ready_ms', percentile(ready, 50), 'ms', percentile(bare, 50)));
    lines.push(line('headless_ready_tsx_ms', percentile(readyTsx, 50), 'ms', percentile(bare, 50)));

    // core_rss_mb: the headless console after taking the whole backlog.
    const data = tempDir('alpr-bench-rss-');
    const app = await spawnUntil([...HEADLESS, '--port', '0', '--data', data, '--hub', hub.url], /^console ready /, env);
    try {
      const file = path.join(data, 'console.sqlite');
      const count = () => {
        const d = new Database(file, { readonly: true });
        try {
          return d.prepare('SELECT count(*) FROM hits').pluck().get() as number;
        } finally {
          d.close();
        }
      };
      await waitUntil(() => count() >= n, 300_000, `${n} hits stored by the headless console`);
      await new Promise((r) => setTimeout(r, 500));
      const rss = rssMb(app.pid);
      const bareNode = await spawnUntil(['-e', 'console.log("ready"); setTimeout(() => {}, 5000)'], /^ready$/);
      const bareRss = rssMb(bareNode.pid);
      await bareNode.kill();
      lines.push(line('core_rss_mb', rss, 'MB', bareRss));
    } finally {
      await app.kill();
    }
  } finally {
    await hub.close();
  }
  return lines;
}
