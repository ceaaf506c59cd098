#!/usr/bin/env node
/**
 * `npm run dist`: builds, rebuilds the native modules for Electron's ABI
 * (`electron-builder install-app-deps`), packages for this platform with
 * build/electron-builder.config.ts, and always rebuilds them back for Node afterwards so the
 * development tree keeps working. Where Electron's binaries or electron-builder's tools cannot
 * be downloaded it ends with one clear paragraph (explainDistFailure), not a stack trace.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const NETWORK = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|CERT_HAS_EXPIRED|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)\b|getaddrinfo|dial tcp|no such host|network is unreachable|socket hang up|proxyconnect|i\/o timeout|status code 40[37]|404 Not Found/i;
const DOWNLOAD = /github\.com|githubusercontent|electron-v\d|electronjs\.org|nodejs\.org|download|mirror|prebuild|winCodeSign|nsis|appimage|fpm|dmg-builder|headers/i;

/**
 * Turns electron-builder's output into one paragraph when the failure was a download;
 * null when it was something else (then the output itself says what).
 */
export function explainDistFailure(output) {
  const lines = String(output).split(/\r?\n/);
  const line = lines.find((l) => NETWORK.test(l) && DOWNLOAD.test(l)) ?? (DOWNLOAD.test(output) ? lines.find((l) => NETWORK.test(l)) : undefined);
  if (!line) return null;
  const host = /(?:https?:\/\/)?([a-z0-9.-]+\.(?:com|org|net|io))\b/i.exec(line)?.[1] ?? /(?:https?:\/\/)?([a-z0-9.-]+\.(?:com|org|net|io))\b/i.exec(String(output))?.[1];
  const code = /\b(E[A-Z_]{3,}|[A-Z_]*CERT[A-Z_]*)\b/.exec(line)?.[0] ?? NETWORK.exec(line)?.[0];
  const what = /electron-v[\d.]+-[a-z0-9]+-[a-z0-9_]+\.zip/i.exec(String(output))?.[0] ?? "Electron's binaries or electron-builder's packaging tools";
  return (
    `npm run dist could not download ${what}${host ? ` from ${host}` : ''}${code ? ` (${code})` : ''}. ` +
    'Packaging needs the Electron runtime for the target platform and electron-builder\'s tools (AppImage, NSIS, dmg), ' +
    'which are downloaded on first use, and this machine cannot reach them. Nothing was packaged. ' +
    'Run it on a machine with internet access, or point ELECTRON_MIRROR and ELECTRON_BUILDER_BINARIES_MIRROR at an internal mirror ' +
    '(or pre-fill ELECTRON_CACHE), then run npm run dist again.'
  );
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

/** Runs a command with its output shown live and kept for explainDistFailure. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, shell: process.platform === 'win32', env: process.env });
    let output = '';
    const keep = (stream, chunk) => {
      output = (output + chunk.toString()).slice(-200_000);
      stream.write(chunk);
    };
    child.stdout.on('data', (c) => keep(process.stdout, c));
    child.stderr.on('data', (c) => keep(process.stderr, c));
    child.on('error', (err) => resolve({ code: 1, output: `${output}\n${err.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function fail(step, output) {
  const why = explainDistFailure(output);
  console.error(`\n${why ?? `npm run dist failed at "${step}"; the output above says why.`}`);
  process.exit(1);
}

async function main() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = await run(npm, ['run', 'build']);
  if (build.code !== 0) fail('npm run build', build.output);
  let result = await run(bin('electron-builder'), ['install-app-deps']);
  if (result.code === 0) result = await run(bin('electron-builder'), ['--config', 'build/electron-builder.config.ts', ...process.argv.slice(2)]);
  // Back to Node's ABI, so tests and the headless console keep working in this tree.
  const restore = await run(npm, ['rebuild', 'better-sqlite3']);
  if (restore.code !== 0) console.error('\nCould not rebuild better-sqlite3 for Node after packaging: run `npm rebuild better-sqlite3` before `npm test`.');
  if (result.code !== 0) fail('electron-builder', result.output);
  console.log('\nPackages are in release/.');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`npm run dist: ${err.message}`);
    process.exit(1);
  });
}
