/**
 * `npm run audit:verify -- --data DIR [--hub URL] [--workers N]`
 * Exit 0 with a summary when the chain and the checkpoints hold; exit 1 naming the first bad
 * record when they do not; exit 2 when the check itself could not run.
 */
import path from 'node:path';
import { verifyAudit } from '../core/audit/verify';
import { parseArgs } from './args';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), { data: 'string', hub: 'string', workers: 'number' });
  if (typeof args.data !== 'string') throw new Error('--data DIR is required');
  const report = await verifyAudit({
    dataDir: path.resolve(args.data),
    hubUrl: typeof args.hub === 'string' ? args.hub : undefined,
    workers: typeof args.workers === 'number' ? args.workers : undefined,
  });
  const rate = report.records / Math.max(report.elapsedMs / 1000, 1e-6);
  const hub = report.hubRecords === null ? '' : `; hub holds ${report.hubRecords} records and ${report.hubCheckpoints} checkpoints`;
  if (report.ok) {
    console.log(
      `audit OK: ${report.records} records, head ${report.headHash?.slice(0, 16) ?? '-'}..., ` +
        `${report.checkpoints} checkpoints (${report.receipted} receipted by the hub)${hub}; ` +
        `${Math.round(report.elapsedMs)} ms (${Math.round(rate)} records/s)`,
    );
    return 0;
  }
  if (report.firstBad) {
    console.log(`audit FAILED at record ${report.firstBad.seq}${report.firstBad.id ? ` (${report.firstBad.id})` : ''}: ${report.firstBad.reason}`);
  } else {
    console.log('audit FAILED');
  }
  for (const p of report.problems) console.log(`  - ${p}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`audit:verify: ${err.message}`);
    process.exit(2);
  },
);
