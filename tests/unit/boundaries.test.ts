// The layering rule (STYLE.md): electron/core, electron/contract and electron/hub run under
// plain Node and never import `electron`; renderer/ runs in a page and imports neither Node
// nor `electron`. This reads every import of every source file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';

const root = path.resolve(__dirname, '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(p);
    return /\.(ts|tsx|mts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

export function importsOf(code: string): string[] {
  const specs = new Set<string>();
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[\w*{}\s,]+\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[\w*{}\s,]+\s+from\s+['"]([^'"]+)['"]/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) specs.add(m[1]!);
  return [...specs];
}

const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

test('the import scanner sees every form of import', () => {
  const code = `import a from 'electron';\nimport { b } from "fs";\nconst c = require('node:path');\nexport { d } from 'os';\nawait import('child_process');`;
  assert.deepEqual(importsOf(code).sort(), ['child_process', 'electron', 'fs', 'node:path', 'os'].sort());
});

for (const dir of ['electron/core', 'electron/contract', 'electron/hub']) {
  test(`${dir} never imports electron`, () => {
    const offenders = sources(path.join(root, dir)).filter((f) =>
      importsOf(fs.readFileSync(f, 'utf8')).some((s) => s === 'electron' || s.startsWith('electron/')),
    );
    assert.deepEqual(offenders.map((f) => path.relative(root, f)), []);
  });
}

test('electron/contract imports nothing but zod and itself', () => {
  const bad = sources(path.join(root, 'electron/contract')).flatMap((f) =>
    importsOf(fs.readFileSync(f, 'utf8'))
      .filter((s) => s !== 'zod' && !s.startsWith('./'))
      .map((s) => `${path.relative(root, f)}: ${s}`),
  );
  assert.deepEqual(bad, []);
});

test('renderer/ imports neither Node built-ins nor electron', () => {
  const bad = sources(path.join(root, 'renderer'))
    .filter((f) => !f.endsWith('vite.config.ts'))
    .flatMap((f) =>
      importsOf(fs.readFileSync(f, 'utf8'))
        .filter((s) => nodeBuiltins.has(s) || s === 'electron' || s.startsWith('electron/') || s.includes('electron/core'))
        .map((s) => `${path.relative(root, f)}: ${s}`),
    );
  assert.deepEqual(bad, []);
});
