/**
 * Plate patterns as officers type them: `?` stands for one character, `*` for any run
 * (none included), everything else is a plate character. Used by `reads:search` and by
 * partial-plate hotlist entries (Lodi 431.3(c)).
 *
 * A pattern is turned into a plan that lets SQLite use an index:
 * - no wildcard: `plate = P` on the plate index;
 * - a literal head (`7AB*`, `7A?C12?`): a range `plate >= '7AB' AND plate < '7AC'` on the plate
 *   index, then GLOB on the few index entries in it;
 * - a literal tail (`*123`): the same range on `plate_rev`, the plate written backwards
 *   (`321*`), which turns a leading wildcard into a trailing one;
 * - neither (`*12*`, `?ABC?`): a scan of the plate index with GLOB (the slow path).
 * The longer of head and tail wins. The range is written out rather than left to SQLite's
 * LIKE/GLOB optimisation, so it works with bound parameters and on PostgreSQL ("C" collation).
 */

export const PLATE_PATTERN_CHARS = /^[A-Z0-9?*]+$/;

export type PatternPlan =
  | { kind: 'exact'; plate: string }
  | { kind: 'range'; column: 'plate' | 'plate_rev'; lo: string; hi: string; glob: string }
  | { kind: 'scan'; glob: string };

/**
 * Uppercases, drops spaces and dashes, and folds runs of `*` into one. Returns null when
 * what is left is not a pattern of plate characters and wildcards.
 */
export function normalizePattern(text: string): string | null {
  const p = text.toUpperCase().replace(/[\s-]+/g, '').replace(/\*{2,}/g, '*');
  return p.length > 0 && PLATE_PATTERN_CHARS.test(p) ? p : null;
}

export function literalCount(pattern: string): number {
  return pattern.replace(/[?*]/g, '').length;
}

export function hasWildcard(pattern: string): boolean {
  return /[?*]/.test(pattern);
}

/** The least and most plate characters a pattern can match (Infinity with `*`). */
export function matchLength(pattern: string): { min: number; max: number } {
  const min = pattern.replace(/\*/g, '').length;
  return { min, max: pattern.includes('*') ? Infinity : min };
}

export function reversePlate(plate: string): string {
  return [...plate].reverse().join('');
}

export function planPattern(pattern: string): PatternPlan {
  if (!hasWildcard(pattern)) return { kind: 'exact', plate: pattern };
  const head = /^[^?*]*/.exec(pattern)![0];
  const tail = /[^?*]*$/.exec(pattern)![0];
  if (head.length === 0 && tail.length === 0) return { kind: 'scan', glob: pattern };
  if (head.length >= tail.length) return { kind: 'range', column: 'plate', ...range(head), glob: pattern };
  return { kind: 'range', column: 'plate_rev', ...range(reversePlate(tail)), glob: reversePlate(pattern) };
}

/** Every string that starts with `prefix` sorts in [prefix, next(prefix)) bytewise. */
function range(prefix: string): { lo: string; hi: string } {
  const last = prefix.charCodeAt(prefix.length - 1);
  return { lo: prefix, hi: prefix.slice(0, -1) + String.fromCharCode(last + 1) };
}

/** The same matching in JavaScript, for hotlist entries checked against one read. */
export function patternRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/\?/g, '.').replace(/\*/g, '.*')}$`);
}
