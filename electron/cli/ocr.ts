/**
 * `npm run ocr -- PATH...`: reads plate crops (files, or every .jpg/.jpeg/.png in a folder,
 * recursively, in name order) and prints one CSV line per image: `file,plate,confidence`
 * (confidence 0..1, three decimals; plate empty when the model sees no characters).
 * An image that cannot be read gets an `ocr: FILE: reason` line on stderr and no CSV line,
 * so every CSV line is a real read; the run goes on. Exit 0 when at least one image was read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OcrImageError, PlateReader } from '../core/ocr';

const IMAGE_EXT = /\.(jpe?g|png)$/i;

/**
 * Files named on the command line are read whatever their name; inside a folder only images
 * are. A path that cannot be listed or examined (a dangling link, no permission) is reported
 * like an unreadable image, and the rest are still read.
 */
function collect(target: string, out: string[], errors: string[], inFolder = false): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    errors.push(`ocr: ${target}: ${missing ? (isLink(target) ? 'a link to a file that does not exist' : 'no such file or folder') : (err as Error).message}`);
    return;
  }
  if (!stat.isDirectory()) {
    if (!inFolder || IMAGE_EXT.test(target)) out.push(target);
    return;
  }
  let names: string[];
  try {
    names = fs.readdirSync(target).sort();
  } catch (err) {
    errors.push(`ocr: ${target}: cannot list folder: ${(err as Error).message}`);
    return;
  }
  for (const name of names) collect(path.join(target, name), out, errors, true);
}

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv.includes('--help')) {
    console.error('usage: npm run ocr -- PATH...   (plate crops: JPEG or PNG files, or folders of them)');
    return argv.length === 0 ? 1 : 0;
  }
  const files: string[] = [];
  const errors: string[] = [];
  for (const target of argv) collect(target, files, errors);
  for (const e of errors) console.error(e);
  const reader = new PlateReader();
  let read = 0;
  try {
    for (const file of files) {
      let data: Buffer;
      try {
        data = fs.readFileSync(file);
      } catch (err) {
        console.error(`ocr: ${file}: ${(err as Error).message}`);
        continue;
      }
      try {
        const mime = /\.png$/i.test(file) ? 'image/png' : 'image/jpeg';
        const r = await reader.read({ mime, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
        console.log(`${csvField(file)},${r.plate},${r.confidence.toFixed(3)}`);
        read++;
      } catch (err) {
        if (!(err instanceof OcrImageError)) throw err;
        console.error(`ocr: ${file}: ${err.message}`);
      }
    }
  } finally {
    await reader.close();
  }
  if (files.length === 0) console.error('ocr: no images found');
  return read > 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`ocr failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
