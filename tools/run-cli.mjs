#!/usr/bin/env node
// Runs one of the project's command-line programs (electron/cli/NAME.ts, electron/hub/cli.ts)
// from the compiled dist/ when it is up to date with the sources, else from the TypeScript
// through tsx. Compiled, the headless console is ready in well under a second; through tsx it
// pays for compiling every module at start (about 2 s on a small machine).
// Usage: node tools/run-cli.mjs electron/cli/console-headless.ts [args...]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry || !entry.endsWith('.ts')) {
  console.error('usage: node tools/run-cli.mjs electron/.../NAME.ts [args...]');
  process.exit(2);
}

/** The newest modification time of the TypeScript that dist/electron is compiled from. */
function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

const compiled = path.join(root, 'dist', entry.replace(/\.ts$/, '.js'));
let fresh = false;
try {
  fresh = fs.statSync(compiled).mtimeMs >= newestSource(path.join(root, 'electron'));
} catch {
  fresh = false;
}

if (fresh) {
  // Same process: the program reads process.argv after its own path.
  process.argv = [process.argv[0], compiled, ...args];
  createRequire(import.meta.url)(compiled);
} else {
  // An IPC channel only so that the child notices when this wrapper is gone (exit-with-parent.mjs).
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(path.join(root, 'tools', 'exit-with-parent.mjs')).href, path.join(root, entry), ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    else process.exit(code ?? 1);
  });
}
