/**
 * Plate patterns as officers type them (`?` one character, `*` any run, everything else a
 * plate character) turned into SQLite conditions on the console's `hits.read_plate`:
 * - no wildcard: equality on the plate index;
 * - a literal head (`7AB*`, `7A?C1*`): the index range of every plate starting with it
 *   (`>= '7AB' AND < '7AC'`), then GLOB on the few entries in the range;
 * - otherwise: GLOB over the plate index (covering: the table is not read to filter).
 * GLOB, not LIKE: it is case-sensitive (plates are upper case) and its wildcards are exactly
 * ours; its one other special character, `[`, is escaped as `[[]`, so a pattern means only
 * what the officer typed even if the characters allowed ever grow.
 */

/** GLOB text for a pattern: `?` and `*` stay wildcards, `[` matches itself. */
export function patternToGlob(pattern: string): string {
  let out = '';
  for (const c of pattern) out += c === '[' ? '[[]' : c;
  return out;
}

/** The same match as a regular expression (what the GLOB must agree with). */
export function patternToRegExp(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '?' ? '.' : c === '*' ? '.*' : c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}

export interface PlateCondition {
  sql: string;
  params: Record<string, string>;
}

/** A WHERE condition on `column` for the pattern, using the column's index where it can. */
export function plateCondition(column: string, pattern: string): PlateCondition {
  if (!/[?*]/.test(pattern)) return { sql: `${column} = :plate`, params: { plate: pattern } };
  const head = /^[^?*]*/.exec(pattern)![0];
  const glob = patternToGlob(pattern);
  if (head.length === 0) return { sql: `${column} GLOB :glob`, params: { glob } };
  const last = head.charCodeAt(head.length - 1);
  const hi = head.slice(0, -1) + String.fromCharCode(last + 1);
  return { sql: `${column} >= :lo AND ${column} < :hi AND ${column} GLOB :glob`, params: { lo: head, hi, glob } };
}
