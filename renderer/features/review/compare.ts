/**
 * How a camera's read compares with a hotlist entry. Pure functions, no React, so the rules
 * can be tested on their own: which characters are look-alikes, and when a list is stale.
 */

/** Pairs that plate readers (and people) confuse; a difference between them is likely a misread. */
export const LOOK_ALIKE_PAIRS: readonly (readonly [string, string])[] = [
  ['0', 'O'],
  ['8', 'B'],
  ['1', 'I'],
  ['5', 'S'],
  ['2', 'Z'],
  ['6', 'G'],
];

/** A list entry older than this when the plate was read is flagged STALE LIST. */
export const STALE_LIST_AFTER_MS = 24 * 60 * 60 * 1000;

export type CharMatch = 'same' | 'look-alike' | 'differs';

export interface CharComparison {
  /** 1-based, as a dispatcher counts. */
  position: number;
  /** null where one plate is shorter than the other. */
  read: string | null;
  list: string | null;
  match: CharMatch;
}

export function isLookAlike(a: string, b: string): boolean {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return LOOK_ALIKE_PAIRS.some(([p, q]) => (x === p && y === q) || (x === q && y === p));
}

/**
 * Position by position. Look-alike errors are substitutions, so plates of equal length line up
 * exactly; where lengths differ the extra positions are marked as differing.
 */
export function comparePlates(read: string, list: string): CharComparison[] {
  const r = read.toUpperCase();
  const l = list.toUpperCase();
  const out: CharComparison[] = [];
  for (let i = 0; i < Math.max(r.length, l.length); i++) {
    const a = r[i] ?? null;
    const b = l[i] ?? null;
    let match: CharMatch;
    if (a !== null && a === b) match = 'same';
    else if (a !== null && b !== null && isLookAlike(a, b)) match = 'look-alike';
    else match = 'differs';
    out.push({ position: i + 1, read: a, list: b, match });
  }
  return out;
}

/** "position 3: read 8, list B (look-alike)"; null for a matching position. */
export function describeDifference(c: CharComparison): string | null {
  if (c.match === 'same') return null;
  const why = c.read === null || c.list === null ? 'missing' : c.match;
  return `position ${c.position}: read ${c.read ?? 'nothing'}, list ${c.list ?? 'nothing'} (${why})`;
}

export interface PlateComparisonSummary {
  exact: boolean;
  lookAlikes: number;
  /** Differences that are not look-alikes, including missing characters. */
  others: number;
  /** One line per differing position. */
  differences: string[];
}

export function summarisePlates(read: string, list: string): PlateComparisonSummary {
  const chars = comparePlates(read, list);
  const differences = chars.map(describeDifference).filter((d): d is string => d !== null);
  return {
    exact: differences.length === 0,
    lookAlikes: chars.filter((c) => c.match === 'look-alike').length,
    others: chars.filter((c) => c.match === 'differs').length,
    differences,
  };
}

/** How old the list entry was when the plate was read (ms; negative if updated after). */
export function listAgeAtRead(listUpdatedAt: string, readAt: string): number {
  return Date.parse(readAt) - Date.parse(listUpdatedAt);
}

/**
 * Stale when the entry was more than 24 h old at the time of the read. An unparseable date is
 * treated as stale: nobody can vouch for a list whose date cannot be read.
 */
export function isStaleList(listUpdatedAt: string, readAt: string): boolean {
  const age = listAgeAtRead(listUpdatedAt, readAt);
  return Number.isNaN(age) || age > STALE_LIST_AFTER_MS;
}
