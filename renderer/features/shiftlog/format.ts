/** How the shift log shows times, durations and outcomes. */
import { BROADCAST_BUCKETS_MS, notEndedText, type ShiftRow } from '../../../electron/contract';

export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export function outcomeLabel(code: string): string {
  // The filter and the chart: not opened and in progress together (rows tell them apart).
  if (code === 'open') return 'Not ended';
  if (code === 'stale-list') return 'Stale list';
  return code.charAt(0).toUpperCase() + code.slice(1).replace(/-/g, ' ');
}

/** A row's outcome: a hit not ended is "Not opened" until someone opens it, then "In progress". */
export function rowOutcomeLabel(r: ShiftRow): string {
  const notEnded = notEndedText(r);
  return notEnded ? notEnded.charAt(0).toUpperCase() + notEnded.slice(1) : outcomeLabel(r.outcome);
}

/** Each step taken, with the time it took since the step before it (read order). */
export function steps(r: ShiftRow): { label: string; took: number }[] {
  const list: [string, number | null][] = [
    // A retroactive hit: raised by an officer's new entry, days after its read.
    [r.retroactive ? 'Raised (old read)' : 'Received', r.received],
    // A live hit that came late (the hub or its link was down): when this console had it.
    ['Reached this console (late)', r.late ?? null],
    ['Opened', r.opened],
    [r.plateCheckOutcome === 'misread' ? 'Misread' : 'Plate check', r.plateCheck],
    ['Broadcast', r.broadcast],
    ['CLETS sent', r.cletsSent],
    [`CLETS ${r.cletsStatus ?? 'result'}`, r.cletsResult],
    ['Results broadcast', r.resultsBroadcast],
    ['Ended', r.ended],
  ];
  const taken = list.filter((s): s is [string, number] => s[1] !== null).sort((a, b) => a[1] - b[1]);
  return taken.map(([label, at], i) => ({ label, took: at - (i === 0 ? 0 : taken[i - 1]![1]) }));
}

/** "0–30 s", "30 s–1 min", "1–2 min" ... "over 30 min": the broadcast histogram's buckets. */
export function waitBuckets(): string[] {
  const say = (ms: number) => (ms < 60_000 ? { n: ms / 1000, unit: 's' } : { n: ms / 60_000, unit: 'min' });
  const labels = BROADCAST_BUCKETS_MS.map((ms, i) => {
    const hi = say(ms);
    if (i === 0) return `0–${hi.n} ${hi.unit}`;
    const lo = say(BROADCAST_BUCKETS_MS[i - 1]!);
    return lo.unit === hi.unit ? `${lo.n}–${hi.n} ${hi.unit}` : `${lo.n} ${lo.unit}–${hi.n} ${hi.unit}`;
  });
  const last = say(BROADCAST_BUCKETS_MS.at(-1)!);
  return [...labels, `over ${last.n} ${last.unit}`];
}
