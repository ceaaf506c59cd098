// Request targets that do not parse as URLs (`//`, `http://[/`, `/%E0`) reach a Node HTTP
// server as sent. The hub takes requests from camera networks and the headless console from
// anything on the workstation, so one such request must get a 400 and leave the server
// serving, never throw out of the request handler and end the process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startHub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { startHeadless } from '../../electron/transport/headless';
import { authCore } from '../helpers/auth-core';
import { tempDir } from '../helpers/tmp';

const TARGETS = ['//', 'http://[/', '//[', '/%E0', '/%'];

/** Sends `GET target` as raw bytes (fetch would normalise it) and returns the status code. */
function rawGet(port: number, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const s = net.connect(port, '127.0.0.1', () => s.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    s.setEncoding('utf8');
    s.on('data', (d: string) => (reply += d));
    s.on('error', reject);
    s.on('close', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(reply);
      if (m) resolve(Number(m[1]));
      else reject(new Error(`no HTTP answer to GET ${target}: ${JSON.stringify(reply.slice(0, 200))}`));
    });
  });
}

test('the hub answers 400 to a request target that is not a path, and keeps serving', async (t) => {
  const hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-01=secret1') });
  t.after(() => hub.close());
  for (const target of TARGETS.slice(0, 3)) assert.equal(await rawGet(hub.port, target), 400, target);
  assert.equal((await fetch(`${hub.url}/health`)).status, 200);
});

test('the headless console answers 400 to a request target that is not a path, and keeps serving', async (t) => {
  const { core } = await authCore();
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  const server = await startHeadless({ core, rendererDir, port: 0 });
  t.after(async () => {
    await server.close();
    await core.close();
  });
  for (const target of TARGETS) assert.equal(await rawGet(server.port, target), 400, target);
  assert.equal(await rawGet(server.port, '/../../etc/passwd'), 404, 'still no way out of the renderer folder');
  const page = await fetch(`http://127.0.0.1:${server.port}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<title>console<\/title>/);
});
