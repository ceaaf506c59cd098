// The console serves React's production build even when the renderer is built under `npm test`
// (NODE_ENV=test): Vite takes NODE_ENV from the environment, and a development build kept
// being served afterwards, with hits reaching the queue about three times slower.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ensureRendererBuilt } from '../../electron/renderer-build';

test('the renderer is built as React production code whatever NODE_ENV the builder runs under', { timeout: 180_000 }, () => {
  assert.equal(process.env.NODE_ENV, 'test', 'the case that used to make a development build');
  const dir = ensureRendererBuilt(() => {});
  const index = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\.\/(assets\/index-[\w-]+\.js)"/.exec(index);
  assert.ok(entry, index);
  const bundle = fs.readFileSync(path.join(dir, entry[1]!), 'utf8');
  assert.match(bundle, /Minified React error/, "React's production build");
  assert.doesNotMatch(bundle, /Each child in a list should have a unique "key" prop/, 'no development-only warnings');
});
