import { before, after } from 'node:test';
import type { Browser } from 'playwright-core';
import { startHub, type Hub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { tempDir } from './tmp';
import { launchBrowser } from './browser';
import { startConsole, type Started } from './processes';
import { TRAINED } from './clearance';

export interface ConsoleStack {
  hub: Hub;
  /** The hub's data folder, to start it again where it was (same port) after closing it. */
  hubDir: string;
  consoleApp: Started;
  browser: Browser;
}

/**
 * For an end-to-end file: a hub, a headless console with a trained dispatcher
 * (`dispatch1` / `night-shift-42`) and Chromium, started before the tests and stopped after.
 */
export function useConsoleStack(): ConsoleStack {
  const stack = {} as ConsoleStack;
  before(async () => {
    stack.hubDir = tempDir();
    stack.hub = await startHub({ port: 0, dataDir: stack.hubDir, tokens: parseHubTokens('ws-e2e=e2e-token') });
    stack.consoleApp = await startConsole(
      { data: tempDir(), hub: stack.hub.url },
      { ALPR_WORKSTATION_ID: 'ws-e2e', ALPR_HUB_TOKEN: 'e2e-token', ALPR_CONSOLE_BOOTSTRAP_USER: `dispatch1:night-shift-42:dispatcher:${TRAINED}` },
    );
    stack.browser = await launchBrowser();
  });
  after(async () => {
    await stack.browser?.close();
    await stack.consoleApp?.stop();
    await stack.hub?.close();
  });
  return stack;
}
