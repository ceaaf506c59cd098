#!/usr/bin/env node
// Runs the test suites with Node's own test runner (TypeScript through tsx).
// Usage: node tests/run.mjs [unit|integration|e2e|faults ...]
// Ends with the line `N passed, N failed, N skipped`.
// Node 20's runner does not discover .ts files by itself, so this finds them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const all = ['unit', 'integration', 'e2e', 'faults'];
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
// TAP on stdout as usual, and a second TAP copy to a file for the closing count line.
const tapFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alpr-tap-')), 'run.tap');
const result = spawnSync(
  process.execPath,
  [
    '--import', 'tsx', '--test', '--test-concurrency=1',
    '--test-reporter=tap', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
console.log(`${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped`);
process.exit(result.status ?? 1);
