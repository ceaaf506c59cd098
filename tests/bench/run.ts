/**
 * `npm run bench [-- --json] [-- --quick] [-- --only backlog,audit]`: the performance figures
 * of DESIGN.md, each with a baseline measured in the same run. With --json, one JSON object
 * per line: {"name", "value", "unit", "baseline", "ratio"}.
 * Benchmarks other domains add (tests/bench/shiftlog.ts, tests/bench/audit-search.ts) are run
 * when their file exists and exports a `bench...` function; a missing one is noted on stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import { benchHitLatency } from './hit-latency';
import { benchAudit } from './audit';
import { benchSearch } from './search';
import { benchWorkflow } from './workflow';
import { benchOcr } from './ocr';
import { benchBacklog } from './backlog';
import type { BenchLine } from './stats';

type Bench = (opts: Record<string, number>) => Promise<BenchLine[]>;

/** A bench file another engineer owns: its first exported `bench*` function, if it is there. */
async function optional(file: string): Promise<Bench | null> {
  const full = path.join(__dirname, file);
  if (!fs.existsSync(full)) {
    console.error(`# bench: ${file} is not there yet; skipped`);
    return null;
  }
  const mod = (await import(full)) as Record<string, unknown>;
  const fn = Object.entries(mod).find(([name, v]) => /^bench/.test(name) && typeof v === 'function')?.[1];
  if (!fn) {
    console.error(`# bench: ${file} exports no bench function; skipped`);
    return null;
  }
  return fn as Bench;
}

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
    ['audit', () => benchAudit(quick ? { appends: 5_000, verify: 100_000, drain: 10_000 } : { appends: 50_000, verify: 1_000_000, drain: 100_000 })],
    ['hit-latency', () => benchHitLatency({ count: quick ? 200 : 1000, rate: 20 })],
    ['search', () => benchSearch(quick ? { reads: 100_000, rounds: 50 } : {})],
    ['workflow', () => benchWorkflow(quick ? { hits: 5 } : {})],
    ['ocr', () => benchOcr(quick ? { plates: 50, rounds: 2 } : {})],
    ['backlog', () => benchBacklog(quick ? { hits: 2_000, readyRuns: 1 } : {})],
    ['shiftlog', async () => (await (await optional('shiftlog.ts'))?.(quick ? { hits: 10_000 } : {})) ?? []],
    ['audit-search', async () => (await (await optional('audit-search.ts'))?.(quick ? { records: 100_000 } : {})) ?? []],
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
