// The real Electron app, driven by Playwright's _electron: launch, sign in against a hub on
// loopback, receive a hit, show it. Runs wherever an Electron binary is present; where it is
// not (Electron 45 downloads it at first launch, and this machine may have no internet), the
// test is reported as skipped with that reason. It never pretends to have run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { startHub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { tempDir } from '../helpers/tmp';
import { postedHit } from '../helpers/hits';
import { signInAndAcknowledge, TRAINED } from '../helpers/clearance';

const root = path.resolve(__dirname, '..', '..');

function electronBinary(): string | null {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

const bin = electronBinary();
const skip = bin ? false : 'no Electron binary on this machine (node_modules/electron/dist is absent: it is downloaded at first launch, which needs internet)';

test('the Electron app signs in, receives a hit from the hub and shows it', { skip, timeout: 180_000 }, async () => {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  assert.equal(build.status, 0, 'npm run build');
  const hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-el=el-token') });
  const app = await electron.launch({
    executablePath: bin!,
    args: [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: {
      ...process.env,
      ALPR_CONSOLE_DATA: tempDir(),
      ALPR_HUB_URL: hub.url,
      ALPR_WORKSTATION_ID: 'ws-el',
      ALPR_HUB_TOKEN: 'el-token',
      ALPR_CONSOLE_BOOTSTRAP_USER: `disp:electron-pass-1:dispatcher:${TRAINED}`,
      // Where safeStorage has no keychain (Linux basic_text), the data key needs an admin passphrase.
      ALPR_CONSOLE_KEY_PASSPHRASE: 'smoke-test-key-passphrase',
    },
  });
  try {
    const win = await app.firstWindow();
    // Isolation as the page sees it: no Node, no ipcRenderer, only the contract bridge.
    const page = await win.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as unknown as { alpr: object }).alpr).sort(),
    }));
    assert.deepEqual(page, { require: 'undefined', process: 'undefined', bridge: ['call', 'on'] });
    await signInAndAcknowledge(win, 'disp', 'electron-pass-1');
    const res = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(postedHit({ read: { plate: '3ELEC01', state: 'CA', confidence: 0.9 } })) });
    assert.equal(res.status, 202);
    await win.getByRole('list', { name: 'Hit queue' }).getByText('3ELEC01').waitFor();
  } finally {
    await app.close();
    await hub.close();
  }
});
