// A console pointed at a hub started with --training (a training room's shared hub) marks every
// screen TRAINING as it does with its own built-in training hub; a real hub's consoles do not.
// Real hubs on loopback, the real headless console processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { tempDir } from '../helpers/tmp';
import { startConsole } from '../helpers/processes';
import { UiClient } from '../helpers/ui-client';

for (const training of [true, false]) {
  test(`a console on a ${training ? 'training' : 'real'} hub ${training ? 'says TRAINING' : 'does not say TRAINING'}`, async () => {
    const hub = await startHub({
      port: 0,
      dataDir: tempDir(),
      tokens: parseHubTokens('ws-room=room-token'),
      training: training ? { ratePerMinute: 1, reads: 0 } : false,
    });
    const app = await startConsole({ data: tempDir(), hub: hub.url }, { ALPR_WORKSTATION_ID: 'ws-room', ALPR_HUB_TOKEN: 'room-token' });
    try {
      const ui = await UiClient.connect(app.url);
      try {
        const info = await ui.call('app:info', {});
        assert.ok(info.ok);
        assert.equal((info.value as { training: boolean }).training, training);
      } finally {
        ui.close();
      }
      assert.equal(app.output.some((l) => /^\[console\] TRAINING: the hub at .* posts simulated hits/.test(l)), training, app.output.join('\n'));
      assert.equal(app.output.some((l) => l === `TRAINING MODE: simulated hits from the training hub at ${hub.url}, not real data`), training);
    } finally {
      await app.stop();
      await hub.close();
    }
  });
}
