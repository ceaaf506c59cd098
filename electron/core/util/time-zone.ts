/**
 * The time zone this console keeps: shifts, hold periods and sharing periods are its calendar
 * days and hours. It is the process's (the operating system's, or `TZ` where IT sets it).
 */

/** The zone's name and its offset from UTC now: "America/Los_Angeles (UTC-08:00)". */
export function consoleTimeZone(now: Date = new Date()): { name: string; label: string; utc: boolean } {
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const minutes = -now.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const offset = `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  const utc = minutes === 0 && /^(UTC|Etc\/|GMT|Universal|Zulu)/i.test(name);
  return { name, label: `${name} (${offset})`, utc };
}
