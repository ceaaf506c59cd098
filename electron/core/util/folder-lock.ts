/**
 * One console per data folder: two on one folder fight over SQLite's write lock, and each
 * runs its own link to the hub (every training hit arrived twice; IT review). `console.lock`
 * names the process holding the folder; a lock left by a process that no longer runs on this
 * machine (kill -9, a power cut) is taken over.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface Holder {
  pid: number;
  host: string;
  since: string;
}

export class FolderInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FolderInUseError';
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(file: string): Holder | null {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host, since: String(h.since ?? '') } : null;
  } catch {
    return null;
  }
}

/** Takes the folder for this process; returns its release. Throws FolderInUseError when another console holds it. */
export function lockDataFolder(dir: string, now = new Date()): () => void {
  const file = path.join(dir, 'console.lock');
  const me: Holder = { pid: process.pid, host: os.hostname(), since: now.toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      return () => {
        const h = holderOf(file);
        if (h && h.pid === me.pid && h.host === me.host) fs.rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
    }
    const h = holderOf(file);
    if (h && h.host !== me.host) {
      throw new FolderInUseError(`data folder ${dir} is in use by a console on ${h.host} (process ${h.pid}, since ${h.since}); if none runs there, delete ${file}`);
    }
    if (h && running(h.pid)) {
      throw new FolderInUseError(`data folder ${dir} is in use by another console (process ${h.pid}, since ${h.since}): stop it first`);
    }
    // Left by a process that is gone (or unreadable, half written when it died): taken over.
    fs.rmSync(file, { force: true });
  }
}
