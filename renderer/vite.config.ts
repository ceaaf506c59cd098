import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// No Node builtins here: renderer/ must not import them (a test reads every import under it).
// Vite substitutes import.meta.dirname while it bundles this file.
export default defineConfig({
  root: import.meta.dirname,
  // Relative URLs so the same build loads from file:// (Electron) and from http (headless).
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Everything as files: the CSP allows data: only for images and media, and files are
    // easier to audit than inlined blobs.
    assetsInlineLimit: 0,
    // Chromium supports modulepreload; the polyfill would only add code.
    modulePreload: { polyfill: false },
  },
});
