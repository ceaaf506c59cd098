#!/usr/bin/env node
// Runs the test suites with Node's own test runner (TypeScript through tsx).
// Usage: node tests/run.mjs [unit|integration|e2e|faults ...] [-- extra node --test args]
// Node 20's runner does not discover .ts files by itself, so this finds them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const all = ['unit', 'integration', 'e2e'];
const args = process.argv.slice(2);
const suites = args.filter((a) => !a.startsWith('-'));
const chosen = suites.length ? suites : all;

function find(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return find(p);
      return e.name.endsWith('.test.ts') ? [p] : [];
    })
    .sort();
}

const files = chosen.flatMap((s) => find(path.join(here, s)));
if (files.length === 0) {
  console.error(`no test files found for: ${chosen.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
