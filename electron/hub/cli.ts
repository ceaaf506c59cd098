/**
 * `npm run hub -- --port P --data DIR [--training] [--rate N] [--seed N] [--reads N] [--host H]`
 * Prints `hub ready URL` on stdout once listening (scripts wait for that line); everything
 * else goes to stderr. Workstation tokens come from ALPR_HUB_TOKENS.
 */
import { parseArgs } from 'node:util';
import { parseHubTokens } from '../contract/hub';
import { HubStartError, startHub } from './server';
import { openAppLog, type AppLog } from '../shell/app-log';

const TRAINING_WORKSTATION = 'training-ws';
const TRAINING_TOKEN = 'training';
const DEFAULT_RATE_PER_MINUTE = 4;
const MIN_RATE_PER_MINUTE = 0.1;
const MAX_RATE_PER_MINUTE = 6000;

/** `logs/hub.log` in the data folder (5 MiB, rotated), once the folder is known and usable. */
let appLog: AppLog | null = null;

function fail(message: string): never {
  process.stderr.write(`hub: ${message}\n`);
  appLog?.write(`start failed: ${message}`);
  process.exit(1);
}

/** A line for IT: on stderr and in the hub's log file. */
function log(line: string): void {
  process.stderr.write(line + '\n');
  appLog?.write(line);
}

function parseNumber(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) fail(`--${name} must be a number from ${min} to ${max}, not "${text}"`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        data: { type: 'string' },
        host: { type: 'string' },
        training: { type: 'boolean', default: false },
        rate: { type: 'string' },
        seed: { type: 'string' },
        reads: { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  const port = parseNumber('port', values.port, 0, 65535);
  if (port === undefined || !Number.isInteger(port)) fail('--port P is required (0 picks a free port)');
  if (!values.data) fail('--data DIR is required');
  try {
    appLog = openAppLog(values.data, { name: 'hub.log' });
  } catch {
    // A data folder that cannot hold a log: startHub says why, on stderr.
  }
  const rate = parseNumber('rate', values.rate, MIN_RATE_PER_MINUTE, MAX_RATE_PER_MINUTE) ?? DEFAULT_RATE_PER_MINUTE;
  const seed = parseNumber('seed', values.seed, 0, 0xffffffff);
  const reads = parseNumber('reads', values.reads, 0, 100_000_000);
  if (reads !== undefined && !Number.isInteger(reads)) fail(`--reads must be a whole number, not "${values.reads}"`);
  if (!values.training && (values.rate !== undefined || values.seed !== undefined || values.reads !== undefined)) {
    fail('--rate, --seed and --reads only apply with --training');
  }

  let tokens: Map<string, string>;
  try {
    tokens = parseHubTokens(process.env.ALPR_HUB_TOKENS);
  } catch (err) {
    fail((err as Error).message);
  }
  if (tokens.size === 0) {
    if (values.training) {
      tokens.set(TRAINING_WORKSTATION, TRAINING_TOKEN);
      process.stderr.write(
        `hub: ALPR_HUB_TOKENS is not set; training workstation "${TRAINING_WORKSTATION}" uses token "${TRAINING_TOKEN}"\n`,
      );
    } else {
      process.stderr.write('hub: ALPR_HUB_TOKENS is not set; no console can connect\n');
    }
  }

  let hub;
  try {
    hub = await startHub({
      port,
      host: values.host,
      dataDir: values.data,
      tokens,
      training: values.training ? { ratePerMinute: rate, seed, reads } : false,
      log,
    });
  } catch (err) {
    fail(err instanceof HubStartError ? err.message : `could not start: ${(err as Error).message}`);
  }
  process.stdout.write(`hub ready ${hub.url}\n`);
  appLog?.write(`hub ready ${hub.url}`);

  const stop = (signal: string) => {
    log(`hub: ${signal}, closing`);
    hub.close().then(
      () => process.exit(0),
      (err: Error) => fail(`error while closing: ${err.message}`),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();
