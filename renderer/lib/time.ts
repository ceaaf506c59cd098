const pad = (n: number) => String(n).padStart(2, '0');

/** HH:MM:SS in local time, 24-hour, whatever the browser's locale. */
export function formatClock(at: Date | number | string): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** YYYY-MM-DD HH:MM:SS in local time. */
export function formatDateTime(at: Date | number | string): string {
  const d = new Date(at);
  return `${localDate(d)} ${formatClock(d)}`;
}

/**
 * YYYY-MM-DD of a moment in local time: the default for a date field. (toISOString() gives the
 * UTC date, which west of Greenwich is already tomorrow every evening.)
 */
export function localDate(at: Date | number | string = new Date()): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** HH:MM:SS for a time today, YYYY-MM-DD HH:MM:SS for any other day (local time). */
export function formatTimeOrDate(at: Date | number | string, now: Date = new Date()): string {
  const d = new Date(at);
  const today = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return today ? formatClock(d) : formatDateTime(d);
}

/** A short running age: "45s", "2m 05s", "1h 02m", "3d 04h". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${pad(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${pad(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${pad(h % 24)}h`;
}
