// The headless console's command line, as `npm start`'s fallback and `npm run console:headless`
// run it: where it keeps its data when no --data is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startHub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { startCli } from '../helpers/processes';
import { tempDir } from '../helpers/tmp';

test('without --data the headless console keeps its data in ALPR_CONSOLE_DATA, as the README and the Electron app do', async () => {
  const hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-cli=cli-token') });
  const data = path.join(tempDir(), 'console-data');
  const app = await startCli('electron/cli/console-headless.ts', ['--port', '0'], /^console ready (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/, {
    ALPR_CONSOLE_DATA: data,
    ALPR_HUB_URL: hub.url,
    ALPR_WORKSTATION_ID: 'ws-cli',
    ALPR_HUB_TOKEN: 'cli-token',
  });
  try {
    assert.ok(fs.existsSync(path.join(data, 'console.sqlite')), `console.sqlite in ${data}: ${fs.existsSync(data) ? fs.readdirSync(data).join(', ') : 'no folder'}`);
    assert.ok(fs.existsSync(path.join(data, 'settings.json')));
  } finally {
    await app.stop();
    await hub.close();
  }
});
