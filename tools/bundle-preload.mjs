// Bundles electron/preload.ts into one CommonJS file: a sandboxed preload may require only
// 'electron', so its imports (the contract's names) must be inlined.
import { build } from 'esbuild';

await build({
  entryPoints: ['electron/preload.ts'],
  outfile: 'dist/electron/preload.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  logLevel: 'warning',
});
