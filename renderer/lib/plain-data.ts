/**
 * An audit record's data elements as a reviewer reads them: `key: value`, nested objects in
 * brackets, lists joined, yes/no for flags, '—' for nothing. No JSON quotes or braces.
 */
export function plainValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.length ? v.map(plainValue).join('; ') : 'none';
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length ? `(${entries.map(([k, x]) => `${k}: ${plainValue(x)}`).join(', ')})` : 'none';
  }
  return String(v);
}

/** One `key: value` per data element, in the record's order. */
export function plainLines(data: Record<string, unknown>): string[] {
  return Object.entries(data).map(([k, v]) => `${k}: ${plainValue(v)}`);
}

/** The data elements on one line, for a table cell. */
export function plainLine(data: Record<string, unknown>): string {
  return plainLines(data).join(' · ');
}
