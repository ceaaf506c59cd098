import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Clean-ups run when the process ends, from one `exit` listener: a bench or test that makes
 * dozens of folders would otherwise add a listener each and trip Node's leak warning.
 */
const atExitTasks: (() => void)[] = [];
export function atExit(task: () => void): void {
  if (atExitTasks.length === 0) {
    process.once('exit', () => {
      for (const t of atExitTasks.splice(0)) {
        try {
          t();
        } catch {
          // one failed clean-up must not keep the others from running
        }
      }
    });
  }
  atExitTasks.push(task);
}

/** Removes `dir` and everything under it when the process ends. */
export function removeAtExit(dir: string): string {
  atExit(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh folder under the OS temp dir, removed when the process ends. */
export function tempDir(prefix = 'alpr-test-'): string {
  return removeAtExit(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}
