/**
 * The shift's figures, folded in one pass over compact facts (store.facts): totals, the
 * summary per dispatcher and the series behind the charts. Pure: the tests feed it rows
 * and compare with what the database holds.
 */
import { BROADCAST_BUCKETS_MS, type DispatcherSummary, type ShiftSummary } from '../../contract';
import type { FactTuple } from './store';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Nearest-rank percentile of ascending values; null when there are none. */
export function percentileOf(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

const asc = (values: number[]) => values.sort((a, b) => a - b);

interface Acc {
  displayName: string;
  handled: number;
  confirmed: number;
  misreads: number;
  broadcasts: number;
  ended: number;
  toBroadcast: number[];
  toOpen: number[];
}

export function summarize(facts: readonly FactTuple[], from: number, to: number): ShiftSummary {
  const bucketMs = to - from > 4 * DAY ? DAY : HOUR;
  const perBucket = new Array<number>(Math.max(1, Math.ceil((to - from) / bucketMs))).fill(0);
  const outcomes = new Map<string, number>();
  const cameras = new Map<string, { cameraName: string; hits: number; misreads: number }>();
  const people = new Map<string, Acc>();
  const histogram = new Array<number>(BROADCAST_BUCKETS_MS.length + 1).fill(0);
  const toBroadcast: number[] = [];
  let ended = 0;
  let confirmed = 0;
  let misreads = 0;
  const person = (username: string, displayName: string | null): Acc => {
    let p = people.get(username);
    if (!p) {
      p = { displayName: displayName ?? username, handled: 0, confirmed: 0, misreads: 0, broadcasts: 0, ended: 0, toBroadcast: [], toOpen: [] };
      people.set(username, p);
    }
    return p;
  };
  for (const [filedMs, storedMs, cameraId, cameraName, disposition, openedMs, plateCheck, broadcastMs, dispatcher, dispatcherName, , broadcaster, broadcasterName] of facts) {
    const b = Math.floor((filedMs - from) / bucketMs);
    if (b >= 0 && b < perBucket.length) perBucket[b]!++;
    const outcome = disposition ?? 'open';
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (disposition !== null) ended++;
    const misread = plateCheck === 'misread';
    if (misread) misreads++;
    if (plateCheck === 'confirmed') confirmed++;
    const cam = cameras.get(cameraId) ?? { cameraName, hits: 0, misreads: 0 };
    cam.hits++;
    if (misread) cam.misreads++;
    cameras.set(cameraId, cam);
    // From when it was filed: the read; a retroactive hit's raising; a late hit's arrival.
    const wait = broadcastMs === null ? null : broadcastMs - filedMs;
    if (wait !== null) {
      toBroadcast.push(wait);
      const slot = BROADCAST_BUCKETS_MS.findIndex((limit) => wait < limit);
      histogram[slot === -1 ? BROADCAST_BUCKETS_MS.length : slot]!++;
    }
    if (dispatcher !== null) {
      const p = person(dispatcher, dispatcherName);
      p.handled++;
      if (plateCheck === 'confirmed') p.confirmed++;
      if (misread) p.misreads++;
      if (disposition !== null) p.ended++;
      if (openedMs !== null) p.toOpen.push(Math.max(0, openedMs - storedMs));
    }
    // The broadcast and its time are whoever read it (a supervisor after a takeover).
    const on = broadcaster ?? dispatcher;
    if (wait !== null && on !== null) {
      const p = person(on, broadcaster !== null ? broadcasterName : dispatcherName);
      p.broadcasts++;
      p.toBroadcast.push(wait);
    }
  }
  asc(toBroadcast);
  const dispatchers: DispatcherSummary[] = [...people].map(([username, p]) => {
    asc(p.toBroadcast);
    asc(p.toOpen);
    return {
      username,
      displayName: p.displayName,
      handled: p.handled,
      confirmed: p.confirmed,
      misreads: p.misreads,
      broadcasts: p.broadcasts,
      ended: p.ended,
      medianToBroadcastMs: percentileOf(p.toBroadcast, 50),
      p90ToBroadcastMs: percentileOf(p.toBroadcast, 90),
      medianToOpenMs: percentileOf(p.toOpen, 50),
    };
  });
  dispatchers.sort((a, b) => b.handled - a.handled || a.displayName.localeCompare(b.displayName));
  return {
    hits: facts.length,
    ended,
    open: facts.length - ended,
    confirmed,
    misreads,
    broadcasts: toBroadcast.length,
    medianToBroadcastMs: percentileOf(toBroadcast, 50),
    p90ToBroadcastMs: percentileOf(toBroadcast, 90),
    dispatchers,
    charts: {
      bucketMs,
      perBucket: perBucket.map((count, i) => ({ start: new Date(from + i * bucketMs).toISOString(), count })),
      outcomes: [...outcomes].map(([outcome, count]) => ({ outcome, count })).sort((a, b) => b.count - a.count),
      toBroadcast: histogram,
      cameras: [...cameras]
        .map(([cameraId, c]) => ({ cameraId, cameraName: c.cameraName, hits: c.hits, misreads: c.misreads }))
        .sort((a, b) => b.misreads / b.hits - a.misreads / a.hits || b.hits - a.hits),
    },
  };
}
