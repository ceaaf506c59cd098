import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// No Node builtins here: renderer/ must not import them (a test reads every import under it).
// Vite substitutes import.meta.dirname while it bundles this file.
export default defineConfig(({ command }) => {
  // A build is always React's production code: Vite passes the shell's NODE_ENV on to React,
  // and `npm test` sets it to "test", which gave React's development build (hits reached the
  // queue about three times slower in the console that served it).
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
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
  };
});
