import fs from 'node:fs';
import path from 'node:path';

/**
 * The project root (where package.json and assets/ live), found by walking up from this file:
 * the same code runs from electron/ under tsx, from dist/electron/ once compiled, and from
 * inside Electron's app.asar.
 */
export function appRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'assets'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the application folder above ${__dirname}`);
    dir = up;
  }
}

export function assetPath(...parts: string[]): string {
  return path.join(appRoot(), 'assets', ...parts);
}
