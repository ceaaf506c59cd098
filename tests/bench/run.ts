/**
 * `npm run bench [-- --json] [-- --quick] [-- --only backlog,audit]`: the performance figures
 * of DESIGN.md, each with a baseline measured in the same run. With --json, one JSON object
 * per line: {"name", "value", "unit", "baseline", "ratio"}.
 */
import { benchHitLatency } from './hit-latency';
import { benchAudit } from './audit';
import { benchSearch } from './search';
import { benchWorkflow } from './workflow';
import { benchOcr } from './ocr';
import { benchBacklog } from './backlog';
import { benchFirstReading } from './first-reading';
import { benchShiftLog } from './shiftlog';
import { benchShiftLogRender } from './shiftlog-render';
import { benchAuditSearch } from './audit-search';
import { benchAuditHeld } from './audit-held';
import { benchHubUpgrade } from './hub-upgrade';
import type { BenchLine } from './stats';

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const quick = process.argv.includes('--quick');
  const onlyArg = process.argv.find((a) => a.startsWith('--only'));
  const onlyIdx = process.argv.indexOf('--only');
  const only = onlyArg?.includes('=') ? onlyArg.split('=')[1]!.split(',') : onlyIdx >= 0 ? (process.argv[onlyIdx + 1] ?? '').split(',') : null;
  const print = (lines: BenchLine[]) => {
    for (const l of lines) {
      if (json) console.log(JSON.stringify(l));
      else console.log(`${l.name.padEnd(24)} ${String(l.value).padStart(10)} ${l.unit.padEnd(6)} baseline ${String(l.baseline ?? '-').padStart(10)}  ratio ${l.ratio ?? '-'}`);
    }
  };
  const benches: [string, () => Promise<BenchLine[]>][] = [
    ['audit', () => benchAudit(quick ? { appends: 5_000, verify: 100_000, drain: 10_000 } : { appends: 50_000, verify: 1_000_000, drain: 100_000, rounds: 1 })],
    ['hit-latency', () => benchHitLatency({ count: quick ? 200 : 600, rate: 20 })],
    ['search', () => benchSearch(quick ? { reads: 100_000, rounds: 50 } : {})],
    ['workflow', () => benchWorkflow(quick ? { hits: 5 } : {})],
    ['ocr', async () => [...(await benchOcr(quick ? { plates: 50, rounds: 2 } : {})), ...(await benchFirstReading(quick ? { consoles: 1 } : {}))]],
    ['backlog', () => benchBacklog(quick ? { hits: 2_000, readyRuns: 1 } : {})],
    ['shiftlog', () => benchShiftLog(quick ? { hits: 10_000 } : { runs: 5 })],
    ['shiftlog-render', () => benchShiftLogRender(quick ? { hits: 10_000 } : {})],
    ['audit-held', () => benchAuditHeld(quick ? { records: 100_000 } : {})],
    ['hub-upgrade', () => benchHubUpgrade(quick ? { records: 100_000 } : {})],
    ['audit-search', () => benchAuditSearch(quick ? { records: 100_000, rounds: 10 } : { records: 500_000, rounds: 15 })],
  ];
  const started = Date.now();
  for (const [name, run] of benches) {
    if (only && !only.includes(name)) continue;
    print(await run());
  }
  if (!json) console.log(`# bench took ${Math.round((Date.now() - started) / 1000)} s`);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`bench failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
