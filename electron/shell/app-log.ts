/**
 * The application log (not the audit trail): plain lines with a UTC time stamp in
 * `<data folder>/logs/console.log`, rotated by size: when the next line would take the file past
 * `maxBytes`, console.log becomes console.log.1 (console.log.1 becomes .2 ...) and only `keep`
 * old files are kept. Synchronous, so a line written just before a crash is on disk. Pure Node:
 * used by the Electron shell and the headless console alike (boot.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface AppLogOptions {
  dir: string;
  /** Default console.log. */
  name?: string;
  /** Rotate before the file would pass this size (default 5 MiB). */
  maxBytes?: number;
  /** Rotated files kept besides the current one (default 5). */
  keep?: number;
  now?: () => Date;
}

export const LOG_DIR_NAME = 'logs';

export class AppLog {
  readonly dir: string;
  readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly now: () => Date;
  private size: number;

  constructor(opts: AppLogOptions) {
    this.dir = opts.dir;
    this.file = path.join(opts.dir, opts.name ?? 'console.log');
    this.maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
    this.keep = Math.max(0, opts.keep ?? 5);
    this.now = opts.now ?? (() => new Date());
    if (!(this.maxBytes > 0)) throw new Error('maxBytes must be positive');
    fs.mkdirSync(this.dir, { recursive: true });
    this.size = fs.existsSync(this.file) ? fs.statSync(this.file).size : 0;
  }

  /** The current file and the rotated ones, newest first. */
  files(): string[] {
    const out = [this.file, ...Array.from({ length: this.keep }, (_, i) => `${this.file}.${i + 1}`)];
    return out.filter((f) => fs.existsSync(f));
  }

  write(line: string): void {
    const text = `${this.now().toISOString()} ${line.replace(/\r?\n/g, '\n    ')}\n`;
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    try {
      fs.appendFileSync(this.file, text);
      this.size += bytes;
    } catch {
      // A full or read-only disk must not stop the console; the line still reaches stderr.
    }
  }

  private rotate(): void {
    try {
      if (this.keep === 0) {
        fs.rmSync(this.file, { force: true });
      } else {
        fs.rmSync(`${this.file}.${this.keep}`, { force: true });
        for (let i = this.keep - 1; i >= 1; i--) {
          if (fs.existsSync(`${this.file}.${i}`)) fs.renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
        }
        fs.renameSync(this.file, `${this.file}.1`);
      }
    } catch {
      // Rotation failed (file locked on Windows ...): keep appending rather than lose lines.
      return;
    }
    this.size = 0;
  }
}

/** The log in `<dataDir>/logs`, and a log function that writes a line there and to stderr. */
export function openAppLog(dataDir: string, opts: Partial<AppLogOptions> = {}): AppLog {
  return new AppLog({ dir: path.join(dataDir, LOG_DIR_NAME), ...opts });
}
