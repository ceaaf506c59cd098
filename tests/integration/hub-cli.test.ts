import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/tmp';

const root = path.resolve(__dirname, '../..');

function runHub(args: string[], env: Record<string, string> = {}): ChildProcess {
  const { ALPR_HUB_TOKENS: _ignored, ...parentEnv } = process.env;
  return spawn(process.execPath, ['--import', 'tsx', 'electron/hub/cli.ts', ...args], {
    cwd: root,
    env: { ...parentEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): { stdout: () => string; stderr: () => string; exit: Promise<number | null> } {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { stdout: () => stdout, stderr: () => stderr, exit };
}

async function readyUrl(out: { stdout: () => string }, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = /^hub ready (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out.stdout());
    if (match) return match[1]!;
    if (Date.now() > deadline) throw new Error(`no ready line within ${ms} ms; stdout: ${out.stdout()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('npm run hub --training prints the ready line within 10 s, serves, and stops cleanly on SIGTERM', async () => {
  const child = runHub(['--port', '0', '--data', tempDir('alpr-hub-cli-'), '--training', '--rate', '60']);
  const out = collect(child);
  try {
    const url = await readyUrl(out, 10_000);
    assert.equal(out.stdout(), `hub ready ${url}\n`, 'stdout holds the ready line alone');
    assert.match(out.stderr(), /training workstation "training-ws" uses token "training"/);
    assert.deepEqual(await (await fetch(`${url}/health`)).json(), { ok: true });
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await out.exit, 0);
});

test('npm run hub fails with one clear line when the port is taken or arguments are missing', async () => {
  const first = runHub(['--port', '0', '--data', tempDir('alpr-hub-cli-')], { ALPR_HUB_TOKENS: 'ws-01=secret1' });
  const firstOut = collect(first);
  try {
    const port = new URL(await readyUrl(firstOut, 10_000)).port;
    const second = collect(runHub(['--port', port, '--data', tempDir('alpr-hub-cli-')]));
    assert.equal(await second.exit, 1);
    assert.match(second.stderr(), new RegExp(`^hub: ALPR_HUB_TOKENS is not set; no console can connect\\nhub: port ${port} on 127\\.0\\.0\\.1 is already in use\\n$`));
    assert.equal(second.stdout(), '');
  } finally {
    first.kill('SIGTERM');
  }
  assert.equal(await firstOut.exit, 0);

  const noData = collect(runHub(['--port', '0']));
  assert.equal(await noData.exit, 1);
  assert.equal(noData.stderr(), 'hub: --data DIR is required\n');
});
