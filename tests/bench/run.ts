/**
 * `npm run bench [-- --json] [-- --quick]`: the performance figures of DESIGN.md, each with a
 * baseline measured in the same run. With --json, one JSON object per line:
 * {"name", "value", "unit", "baseline", "ratio"}.
 */
import { benchHitLatency } from './hit-latency';
import { benchAudit } from './audit';
import { benchSearch } from './search';
import { benchWorkflow } from './workflow';
import { benchOcr } from './ocr';
import type { BenchLine } from './stats';

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const quick = process.argv.includes('--quick');
  const print = (lines: BenchLine[]) => {
    for (const l of lines) {
      if (json) console.log(JSON.stringify(l));
      else console.log(`${l.name.padEnd(24)} ${String(l.value).padStart(10)} ${l.unit.padEnd(6)} baseline ${String(l.baseline ?? '-').padStart(10)}  ratio ${l.ratio ?? '-'}`);
    }
  };
  print(await benchAudit(quick ? { appends: 5_000, verify: 100_000, drain: 10_000 } : { appends: 50_000, verify: 1_000_000, drain: 100_000 }));
  print(await benchHitLatency({ count: quick ? 200 : 1000, rate: 20 }));
  print(await benchSearch(quick ? { reads: 100_000, rounds: 50 } : {}));
  print(await benchWorkflow(quick ? { hits: 5 } : {}));
  print(await benchOcr(quick ? { plates: 50, rounds: 2 } : {}));
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`bench failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
