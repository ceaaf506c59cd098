/**
 * Shared pieces of the fault suites (tests/faults/): their sizes (bounded in `npm test`, full
 * under `npm run test:faults`, which sets ALPR_FAULTS_FULL=1), a tally that prints
 * `N passed, N failed` with what the suite counted, and quick ways to fill a hub's queue.
 */
import { after, test, type TestContext } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { openHubStore, type HubStore } from '../../electron/hub/store';
import type { PostedHit } from '../../electron/contract/hub';
import { postedHit, TINY_PNG } from './hits';
import { atExit, removeAtExit } from './tmp';

export const FULL = process.env.ALPR_FAULTS_FULL === '1';

/** A size: `env` wins, then the full size under test:faults, else the bounded one. */
export function size(env: string, bounded: number, full: number): number {
  const v = Number(process.env[env]);
  return Number.isFinite(v) && v > 0 ? v : FULL ? full : bounded;
}

/**
 * One fault suite: its tests are counted, and when the file ends it prints
 * `<suite>: N passed, N failed (what it counted)`.
 */
export class FaultSuite {
  private passed = 0;
  private failed = 0;
  private skipped: string[] = [];
  private readonly counted = new Map<string, number>();

  constructor(readonly name: string) {
    after(() => {
      const what = [...this.counted].map(([k, v]) => `${k}: ${v.toLocaleString('en-US')}`).join(', ');
      const skipped = this.skipped.length ? `; skipped: ${this.skipped.join('; ')}` : '';
      console.log(`# ${this.name}: ${this.passed} passed, ${this.failed} failed${what ? ` (${what})` : ''}${skipped}`);
    });
  }

  count(what: string, n = 1): void {
    this.counted.set(what, (this.counted.get(what) ?? 0) + n);
  }

  test(name: string, opts: { timeout?: number; skip?: string | false }, fn: (t: TestContext) => Promise<void>): void {
    if (opts.skip) {
      this.skipped.push(`${name} (${opts.skip})`);
      test(name, { skip: opts.skip }, () => {});
      return;
    }
    test(name, { timeout: opts.timeout ?? 120_000 }, async (t) => {
      try {
        await fn(t);
        this.passed += 1;
      } catch (err) {
        this.failed += 1;
        throw err;
      }
    });
  }
}

/**
 * A temp folder in memory (/dev/shm) where there is one: for the HUB's files in suites that
 * measure the console, so filling a queue of 10,000 hits costs seconds, not minutes of fsyncs.
 */
export function memoryDir(prefix = 'alpr-mem-'): string {
  let base = os.tmpdir();
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    base = '/dev/shm';
  } catch {
    // no /dev/shm: the ordinary temp dir
  }
  return removeAtExit(fs.mkdtempSync(path.join(base, prefix)));
}

/**
 * Queues `n` hits in a STOPPED hub's store, exactly as its intake stores a posted hit (what
 * camera systems post while no console is connected). Returns their ids in seq order.
 */
export async function queueHitsInStore(hubDataDir: string, n: number, idPrefix: string, over: (i: number) => Partial<PostedHit> = () => ({})): Promise<string[]> {
  const store: HubStore = openHubStore(hubDataDir);
  const ids: string[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const { images: _posted, id: _id, ...hit } = postedHit(over(i));
      const id = `${idPrefix}-${i}`;
      await store.insertHit({
        id,
        receivedAt: new Date().toISOString(),
        hit,
        images: { plate: { mime: 'image/png', data: TINY_PNG }, overview: { mime: 'image/png', data: TINY_PNG } },
      });
      ids.push(id);
    }
  } finally {
    await store.close();
  }
  return ids;
}

/** Posts one hit to a running hub's `POST /hits`; returns its id. */
export async function postHit(hubUrl: string, body: PostedHit): Promise<{ id: string; seq: number }> {
  const res = await fetch(`${hubUrl}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 202) throw new Error(`POST /hits answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string; seq: number };
}

/** The hub's `GET /audit` rows for one workstation. */
export async function hubAuditRows(hubUrl: string, workstation: string): Promise<{ id: string; action: string; outcome: string; seq?: number }[]> {
  const text = await (await fetch(`${hubUrl}/audit?workstation=${workstation}`)).text();
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; action: string; outcome: string });
}

/** The hub's `GET /deliveries` ids for one workstation. */
export async function hubDeliveries(hubUrl: string, workstation: string): Promise<string[]> {
  const rows = (await (await fetch(`${hubUrl}/deliveries?workstation=${workstation}`)).json()) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * Mounts a size-limited tmpfs at a fresh folder (root only). Returns null and the reason when
 * this machine does not allow it.
 */
export function mountSmallTmpfs(bytes: number): { dir: string; unmount(): void } | { dir: null; reason: string } {
  if (process.platform !== 'linux') return { dir: null, reason: 'tmpfs mounts need Linux' };
  if (process.getuid?.() !== 0) return { dir: null, reason: 'mounting a tmpfs needs root, and this test runs as a normal user' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alpr-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    return { dir: null, reason: `this container does not allow mount (${stderr || (err as Error).message})` };
  }
  let mounted = true;
  const unmount = () => {
    if (!mounted) return;
    mounted = false;
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  atExit(unmount);
  return { dir, unmount };
}

/** Fills the filesystem holding `dir` to the last byte with a filler file; returns its path. */
export function fillDisk(dir: string): string {
  const file = path.join(dir, 'filler.bin');
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0xab);
  try {
    for (let size = chunk.length; size >= 512; ) {
      try {
        fs.writeSync(fd, chunk, 0, size);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        size = size >> 1;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return file;
}
