// Restoring the window where it was, also when the monitor it was on is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_SIZE, loadWindowState, restoreBounds, saveWindowState, type DisplayLike } from '../../electron/shell/window-state';
import { tempDir } from '../helpers/tmp';

const laptop: DisplayLike = { workArea: { x: 0, y: 0, width: 1920, height: 1040 }, primary: true };
const rightMonitor: DisplayLike = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };

test('a window on a monitor that is still there opens where it was', () => {
  const saved = { bounds: { x: 2100, y: 100, width: 1600, height: 1000 }, maximized: true };
  assert.deepEqual(restoreBounds(saved, [laptop, rightMonitor]), saved);
});

test('a window saved on a monitor that is gone opens centred on the primary one, at its size where it fits', () => {
  const saved = { bounds: { x: 2100, y: 100, width: 1600, height: 1000 }, maximized: false };
  assert.deepEqual(restoreBounds(saved, [laptop]), { bounds: { x: 160, y: 20, width: 1600, height: 1000 }, maximized: false });
  const big = { bounds: { x: 2000, y: 0, width: 2560, height: 1400 }, maximized: false };
  assert.deepEqual(restoreBounds(big, [laptop]).bounds, { x: 0, y: 0, width: 1920, height: 1040 }, 'shrunk to the monitor');
});

test('a window hanging off the edge is pulled back onto its monitor; one with only a sliver showing is moved', () => {
  const partly = { bounds: { x: 1500, y: 10, width: 800, height: 600 }, maximized: false };
  assert.deepEqual(restoreBounds(partly, [laptop]).bounds, { x: 1120, y: 10, width: 800, height: 600 });
  const titleBarAbove = { bounds: { x: 100, y: -50, width: 800, height: 600 }, maximized: false };
  assert.deepEqual(restoreBounds(titleBarAbove, [laptop]).bounds, { x: 560, y: 220, width: 800, height: 600 }, 'a title bar above the screen cannot be grabbed');
  const sliver = { bounds: { x: 1880, y: 200, width: 800, height: 600 }, maximized: false };
  assert.deepEqual(restoreBounds(sliver, [laptop]).bounds, { x: 560, y: 220, width: 800, height: 600 }, 'a 40 px sliver cannot be grabbed');
});

test('nothing saved, or garbage saved: the default size centred on the primary monitor', () => {
  const expected = { bounds: { x: 240, y: 70, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height }, maximized: false };
  assert.deepEqual(restoreBounds(null, [rightMonitor, laptop]), expected, 'the display marked primary, not the first listed');
  assert.deepEqual(restoreBounds({ bounds: { x: NaN, y: 0, width: 10, height: 10 }, maximized: false }, [laptop]), expected);
});

test('the state file: saved, read back, and a corrupt one ignored', () => {
  const dir = tempDir();
  assert.equal(loadWindowState(dir), null);
  saveWindowState(dir, { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true });
  assert.deepEqual(loadWindowState(dir), { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true });
  fs.writeFileSync(path.join(dir, 'window-state.json'), '{"bounds":');
  assert.equal(loadWindowState(dir), null);
});
