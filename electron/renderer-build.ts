/**
 * Where the built renderer lives, and building it on demand for headless mode from a source
 * checkout (a packaged app always ships it built).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { appRoot } from './core/util/paths';

export function rendererDir(): string {
  return path.join(appRoot(), 'dist', 'renderer');
}

function newestMtime(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/**
 * Builds the renderer when it is missing or older than its sources (contract and assets too,
 * and this recipe). React's production build whatever NODE_ENV is (renderer/vite.config.ts).
 */
export function ensureRendererBuilt(log: (line: string) => void = console.error): string {
  const root = appRoot();
  const out = rendererDir();
  const index = path.join(out, 'index.html');
  const sources = ['renderer', 'electron/contract', 'assets/sounds', 'electron/renderer-build.ts'].map((p) => path.join(root, p));
  if (!fs.existsSync(path.join(root, 'renderer', 'vite.config.ts'))) return out;
  const builtAt = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  if (builtAt && sources.every((s) => !fs.existsSync(s) || newestMtime(s) <= builtAt)) return out;
  log('building the console UI (renderer) ...');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error('building the renderer failed (see the messages above)');
  return out;
}
