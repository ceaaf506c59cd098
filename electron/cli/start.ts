/**
 * `npm start`: the desktop console in Electron. Electron 45 fetches its binary on first launch;
 * where that cannot happen (no internet, as on locked-down build machines) this says so and
 * serves the same console headless instead, printing the address to open.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { appRoot } from '../core/util/paths';

function electronBinary(root: string): string | null {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const existing = () => {
    if (!fs.existsSync(pathFile)) return null;
    const bin = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    return fs.existsSync(bin) ? bin : null;
  };
  if (existing()) return existing();
  if (!fs.existsSync(path.join(pkg, 'install.js'))) return null;
  console.error('Electron is not downloaded yet; fetching it (first launch) ...');
  const result = spawnSync(process.execPath, [path.join(pkg, 'install.js')], { encoding: 'utf8', timeout: 180_000 });
  if (result.status === 0) return existing();
  // One line on why, not the downloader's stack trace.
  const why = `${result.stderr ?? ''}\n${result.stdout ?? ''}`.split('\n').find((l) => /error/i.test(l))?.trim();
  console.error(`Could not download Electron${why ? `: ${why}` : ''}`);
  return null;
}

function main(): void {
  const root = appRoot();
  const forward = process.argv.slice(2);
  const bin = process.env.ALPR_HEADLESS === '1' ? null : electronBinary(root);
  if (bin) {
    const child = spawn(bin, [root, ...forward], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 1));
    return;
  }
  console.error(
    'The Electron binary is not available on this machine (it could not be downloaded).\n' +
      'Serving the same console headless instead: open the address printed below in Chromium.',
  );
  const headless = path.join(__dirname, 'console-headless.js');
  const args = forward.length ? forward : ['--port', '7420', '--data', process.env.ALPR_CONSOLE_DATA || path.join(root, '.alpr-console')];
  const child = spawn(process.execPath, [headless, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
}

main();
