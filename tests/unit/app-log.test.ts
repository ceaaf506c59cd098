// The application log: size-based rotation in the data folder, K old files kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AppLog, openAppLog } from '../../electron/shell/app-log';
import { tempDir } from '../helpers/tmp';

const fixed = () => new Date('2026-11-25T12:00:00.000Z');
// Each line is "2026-11-25T12:00:00.000Z line-NN\n": 33 bytes.
const LINE = 33;

test('rotates before a line would pass the size, keeps K old files, drops the oldest', () => {
  const dir = tempDir();
  const log = new AppLog({ dir, maxBytes: LINE * 3, keep: 2, now: fixed });
  for (let i = 0; i < 10; i++) log.write(`line-${String(i).padStart(2, '0')}`);
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n').map((l) => l.split(' ')[1]);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['console.log', 'console.log.1', 'console.log.2']);
  assert.deepEqual(read('console.log'), ['line-09']);
  assert.deepEqual(read('console.log.1'), ['line-06', 'line-07', 'line-08']);
  assert.deepEqual(read('console.log.2'), ['line-03', 'line-04', 'line-05']);
  for (const f of log.files()) assert.ok(fs.statSync(f).size <= LINE * 3, f);
});

test('a restarted console continues the file and rotates at the same size', () => {
  const dir = tempDir();
  new AppLog({ dir, maxBytes: LINE * 2, keep: 1, now: fixed }).write('line-00');
  const again = new AppLog({ dir, maxBytes: LINE * 2, keep: 1, now: fixed });
  again.write('line-01');
  again.write('line-02');
  assert.equal(fs.readFileSync(path.join(dir, 'console.log'), 'utf8'), '2026-11-25T12:00:00.000Z line-02\n');
  assert.match(fs.readFileSync(path.join(dir, 'console.log.1'), 'utf8'), /line-00\n.*line-01\n$/);
});

test('in the logs folder of the data folder, one line per entry even for a stack trace', () => {
  const data = tempDir();
  const log = openAppLog(data, { now: fixed });
  assert.equal(log.dir, path.join(data, 'logs'));
  log.write('failed: Error: x\n    at f (a.js:1)');
  assert.equal(fs.readFileSync(log.file, 'utf8'), '2026-11-25T12:00:00.000Z failed: Error: x\n        at f (a.js:1)\n');
});
