/**
 * electron-builder configuration (`npm run dist`). Typed, so a wrong key fails the typecheck.
 * Native modules stay outside the ASAR (they cannot be loaded from inside it), and Electron's
 * fuses are set after packing (Electron security checklist; issue 5): no ELECTRON_RUN_AS_NODE,
 * no NODE_OPTIONS, no --inspect, the app only from its ASAR, and the ASAR's integrity checked.
 */
import type { Configuration } from 'electron-builder';

const config: Configuration = {
  appId: 'org.alpr-hit-console.console',
  productName: 'ALPR Hit Console',
  directories: { output: 'release', buildResources: 'build' },
  files: ['dist/**/*', 'assets/**/*', 'package.json', '!**/*.map'],
  asar: true,
  asarUnpack: ['**/node_modules/better-sqlite3/**/*.node', '**/node_modules/onnxruntime-node/**', 'assets/models/**'],
  // tools/dist.mjs runs `electron-builder install-app-deps` first (native modules for Electron's
  // ABI) and rebuilds them for Node afterwards, so packing does not rebuild again.
  npmRebuild: false,
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: true,
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Utility',
    icon: 'build/icons',
    desktop: { entry: { Name: 'ALPR Hit Console', Comment: 'Handle ALPR hits in the communications center' } },
  },
  win: { target: ['nsis'], icon: 'build/icon.png' },
  nsis: { oneClick: false, perMachine: true, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], icon: 'build/icon.png', category: 'public.app-category.utilities' },
};

export default config;
