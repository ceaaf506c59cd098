// What the command-line tools say about bad options and an unreachable hub: one line that
// names the problem, before anything starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../electron/cli/args';
import { Core } from '../../electron/core/core';
import { verifyAudit } from '../../electron/core/audit/verify';
import { tempDir } from '../helpers/tmp';
import net from 'node:net';

test('a port outside 0-65535 is refused by name; a good one is read', () => {
  const spec = { port: 'number', data: 'string' } as const;
  assert.throws(() => parseArgs(['--port', '99999'], spec), /^Error: --port must be 0 to 65535, got 99999$/);
  assert.throws(() => parseArgs(['--port', '74.5'], spec), /--port must be 0 to 65535/);
  assert.throws(() => parseArgs(['--port', 'abc'], spec), /--port must be a number, got abc/);
  assert.deepEqual(parseArgs(['--port', '7420', '--data', 'x'], spec), { port: 7420, data: 'x' });
});

test('audit:verify --hub with no hub there says it cannot reach it, and why', async () => {
  const dataDir = tempDir();
  const core = await Core.open({ dataDir, workstationId: 'ws-1', hub: null, mode: 'headless', version: '0', agencyName: 'Test PD', bootstrapUser: 'admin1:hunter2hunter2:admin' });
  await core.close();
  // A port nobody listens on any more.
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  await assert.rejects(verifyAudit({ dataDir, hubUrl: `http://127.0.0.1:${port}`, workers: 1 }), new RegExp(`^Error: cannot reach the hub at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)$`));
});
