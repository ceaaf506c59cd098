import fs from 'node:fs';
import path from 'node:path';

/**
 * The project root (where package.json and assets/ live), found by walking up from this file:
 * the same code runs from electron/ under tsx, from dist/electron/ once compiled, and from
 * inside Electron's app.asar.
 */
export function appRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'assets'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the application folder above ${__dirname}`);
    dir = up;
  }
}

export function assetPath(...parts: string[]): string {
  return path.join(appRoot(), 'assets', ...parts);
}

/**
 * Creates `dir` if needed and checks that it is a folder this process may write, so that a
 * data folder given as a file, or a read-only one, stops the start with one clear line
 * instead of an errno from whichever file happens to be opened first. Returns the reason, or
 * null when the folder is usable.
 *
 * A data folder holds plates, the audit trail and the hub token: it is made private to this
 * account (0700), and one this account owns that others may read is closed (POSIX; Windows
 * folders keep their ACLs).
 */
export function unwritableFolderReason(dir: string): string | null {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.statSync(dir);
    if (!st.isDirectory()) return 'it is a file, not a folder';
    fs.accessSync(dir, fs.constants.W_OK);
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) fs.chmodSync(dir, st.mode & 0o700);
    return null;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EEXIST' || e.code === 'ENOTDIR') return 'it, or a folder above it, is a file';
    if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') return `no permission to write there (${e.code})`;
    return e.message;
  }
}

/** Whether `file` is a file this process may read (a map, a provisioned path). */
export function readableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
