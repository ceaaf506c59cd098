/**
 * `npm run console:headless -- --port P --data DIR [--hub URL] [--training-rate N]`
 * (without --data: ALPR_CONSOLE_DATA, else .alpr-console in the current folder)
 * Prints `console ready http://127.0.0.1:P/?token=...` once it serves.
 */
import path from 'node:path';
import { bootConsole } from '../boot';
import { startHeadless } from '../transport/headless';
import { ensureRendererBuilt } from '../renderer-build';
import { nodeNotifierSink } from '../core/notify/notifier';
import { parseArgs } from './args';
import { openAppLog } from '../shell/app-log';

/** The data folder, once known: a start that fails says why in its log too, for IT. */
let dataDirOfRun: string | null = null;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { port: 'number', data: 'string', hub: 'string', 'training-rate': 'number' });
  const log = (line: string) => console.error(`[console] ${line}`);
  // --data, else ALPR_CONSOLE_DATA (as the Electron app reads it), else .alpr-console here.
  const dataDir = path.resolve(String(args.data ?? (process.env.ALPR_CONSOLE_DATA || path.join(process.cwd(), '.alpr-console'))));
  dataDirOfRun = dataDir;
  // The data first: a damaged database is reported at once, before any UI build.
  const booted = await bootConsole({
    dataDir,
    mode: 'headless',
    hubUrl: typeof args.hub === 'string' ? args.hub : undefined,
    trainingRate: typeof args['training-rate'] === 'number' ? args['training-rate'] : undefined,
    notify: nodeNotifierSink(log),
    log,
  });
  let rendererDir: string;
  try {
    rendererDir = ensureRendererBuilt(log);
  } catch (err) {
    await booted.close();
    throw err;
  }
  const server = await startHeadless({ core: booted.core, rendererDir, port: Number(args.port ?? 0), log });
  if (booted.training) console.log(`TRAINING MODE: simulated hits from ${booted.builtInHub ? 'the built-in training hub' : `the training hub at ${booted.hubUrl}`}, not real data`);
  console.log(`console ready ${server.url}`);
  const shutdown = async () => {
    await server.close();
    await booted.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: Error) => {
  console.error(`console: ${err.message}`);
  try {
    if (dataDirOfRun) openAppLog(dataDirOfRun).write(`start failed: ${err.message}`);
  } catch {
    // No log where the folder itself is the problem: stderr has said it.
  }
  process.exit(1);
});
