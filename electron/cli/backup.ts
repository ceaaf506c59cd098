/**
 * `npm run backup -- --data DIR --to DEST`: a checked copy of a console's data folder, safe to
 * take while the console runs (see core/records/backup.ts). Exit 0 with a summary, 1 with why.
 */
import path from 'node:path';
import { backupConsole } from '../core/records/backup';
import { parseArgs } from './args';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { data: 'string', to: 'string' });
  if (typeof args.data !== 'string' || typeof args.to !== 'string') throw new Error('usage: npm run backup -- --data DIR --to DEST');
  const r = await backupConsole(path.resolve(args.data), path.resolve(args.to));
  console.log(`backup OK: ${r.dest}: ${r.hits} hits, ${r.auditRecords} audit records (chain verified), ${(r.bytes / 1048576).toFixed(1)} MiB database; with settings.json and keys/`);
}

main().catch((err: Error) => {
  console.error(`backup: ${err.message}`);
  process.exit(1);
});
