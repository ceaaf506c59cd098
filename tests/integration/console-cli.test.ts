// The headless console's command line, as `npm start`'s fallback and `npm run console:headless`
// run it: where it keeps its data when no --data is given, and a data folder it cannot use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import readline from 'node:readline';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { startCli } from '../helpers/processes';
import { tempDir } from '../helpers/tmp';
import { waitFor } from '../helpers/wait';

test('without --data the headless console keeps its data in ALPR_CONSOLE_DATA, as the README and the Electron app do', async () => {
  const hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-cli=cli-token') });
  const data = path.join(tempDir(), 'console-data');
  const app = await startCli('electron/cli/console-headless.ts', ['--port', '0'], /^console ready (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/, {
    ALPR_CONSOLE_DATA: data,
    ALPR_HUB_URL: hub.url,
    ALPR_WORKSTATION_ID: 'ws-cli',
    ALPR_HUB_TOKEN: 'cli-token',
    TZ: 'UTC',
  });
  try {
    assert.ok(fs.existsSync(path.join(data, 'console.sqlite')), `console.sqlite in ${data}: ${fs.existsSync(data) ? fs.readdirSync(data).join(', ') : 'no folder'}`);
    assert.ok(fs.existsSync(path.join(data, 'settings.json')));
    // On a real hub with the training agency's ORI, IT is told (it would go into CLETS queries).
    assert.ok(app.output.some((l) => /WARNING: on a real hub with the training agency name \(Training Police Department\) and ORI \(CA0000000\).*set ALPR_AGENCY_NAME and ALPR_AGENCY_ORI/.test(l)), app.output.join('\n'));
    assert.match(fs.readFileSync(path.join(data, 'logs', 'console.log'), 'utf8'), /WARNING: on a real hub with the training/);
    // Shifts and hold periods follow the console's clock zone: a console left on UTC is told.
    assert.ok(app.output.some((l) => l.endsWith('time zone: UTC (UTC+00:00)')), app.output.join('\n'));
    assert.ok(app.output.some((l) => /WARNING: this console keeps UTC: shifts, hold periods and sharing periods follow it; .*TZ=America\/Los_Angeles/.test(l)));
    // Plates, the audit trail and the hub token: no other account on the machine may read them.
    if (process.platform !== 'win32') {
      assert.equal((fs.statSync(data).mode & 0o777).toString(8), '700', 'the data folder is private');
      assert.equal((fs.statSync(path.join(data, 'settings.json')).mode & 0o777).toString(8), '600', 'the settings file too');
    }
  } finally {
    await app.stop();
    await hub.close();
  }
});

test('a data folder others may read is closed to them at start (it holds plates, the audit trail and the hub token)', { skip: process.platform === 'win32' ? 'POSIX modes' : false }, async () => {
  const data = path.join(tempDir(), 'open-data');
  fs.mkdirSync(data, { mode: 0o755 });
  fs.chmodSync(data, 0o755);
  const app = await startCli('electron/cli/console-headless.ts', ['--port', '0', '--data', data], /^console ready (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/, {});
  try {
    assert.equal((fs.statSync(data).mode & 0o777).toString(8), '700');
  } finally {
    await app.stop();
  }
});

test('a data folder that is a file stops the headless console with one line naming it', () => {
  const file = path.join(tempDir(), 'console.sqlite');
  fs.writeFileSync(file, 'not a folder');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/console-headless.ts', '--port', '0', '--data', file], {
    cwd: path.join(__dirname, '..', '..'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(run.status, 1, run.stderr);
  assert.equal(run.stderr, `console: data folder ${file} cannot be used: it, or a folder above it, is a file\n`);
  assert.equal(run.stdout, '');
  assert.equal(fs.readFileSync(file, 'utf8'), 'not a folder', 'the file is left as it was');
});

test('a hub address that is not one stops the headless console with one line naming it, in its log too', () => {
  const data = tempDir();
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/console-headless.ts', '--port', '0', '--data', data, '--hub', 'notaurl'], {
    cwd: path.join(__dirname, '..', '..'),
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ALPR_HUB_TOKEN: 'tok' },
  });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /^console: hub address "notaurl" cannot be used: a URL such as https:\/\/hub\.agency\.local:7400\n$/);
  // IT looking at the log later finds why it did not start.
  assert.match(fs.readFileSync(path.join(data, 'logs', 'console.log'), 'utf8'), /start failed: hub address "notaurl" cannot be used/);
});

test('a second console on a data folder in use stops with one line; a lock left by a killed console is taken over', async () => {
  const data = tempDir();
  const ready = /^console ready (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/;
  const first = await startCli('electron/cli/console-headless.ts', ['--port', '0', '--data', data], ready, {});
  try {
    const second = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/console-headless.ts', '--port', '0', '--data', data], {
      cwd: path.join(__dirname, '..', '..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(second.status, 1, second.stderr);
    assert.match(second.stderr, /^console: data folder .* is in use by another console \(process \d+, since .*\): stop it first\n$/);
  } finally {
    await first.stop();
  }
  assert.equal(fs.existsSync(path.join(data, 'console.lock')), false, 'released when it stops');
  // kill -9 leaves the lock behind, naming a process that no longer runs: the next start takes it.
  fs.writeFileSync(path.join(data, 'console.lock'), JSON.stringify({ pid: 2 ** 22 + 1, host: os.hostname(), since: '2026-11-27T03:00:00Z' }));
  const next = await startCli('electron/cli/console-headless.ts', ['--port', '0', '--data', data], ready, {});
  await next.stop();
});

test('kill -9 of the process `npm run console:headless` started stops the console too (no orphan keeps its port and folder)', { timeout: 90_000 }, async (t) => {
  const data = tempDir();
  // Whatever happens, no console is left running: the lock names its process.
  t.after(() => {
    const lock = path.join(data, 'console.lock');
    if (!fs.existsSync(lock)) return;
    try {
      process.kill((JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid: number }).pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  });
  const wrapper = spawn(process.execPath, ['tools/run-cli.mjs', 'electron/cli/console-headless.ts', '--port', '0', '--data', data], {
    cwd: path.join(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the console did not start')), 60_000);
    readline.createInterface({ input: wrapper.stdout! }).on('line', (line) => {
      const m = /^console ready (http:\/\/127\.0\.0\.1:\d+)\//.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  await fetch(`${url}/`); // it answers (a refused connection would throw)
  wrapper.kill('SIGKILL');
  // An orphan would hold these pipes open and this test with them.
  wrapper.stdout!.destroy();
  wrapper.stderr!.destroy();
  await waitFor('the console gone with its wrapper', async () => {
    try {
      await fetch(`${url}/`);
      return false;
    } catch {
      return true;
    }
  });
  await waitFor('its data folder released', () => !fs.existsSync(path.join(data, 'console.lock')));
});
