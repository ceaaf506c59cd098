/**
 * Shifts are times of day in the console's local time (the agency's time zone: set TZ for the
 * console process where the machine's zone differs). A shift on a date starts that date; one
 * whose end is not after its start ends the next day (Nights 18:00-06:00). Dates are built
 * with the local calendar, so a shift across a daylight-saving change is 11 or 13 hours long,
 * as it was on the wall clock.
 */
export interface ShiftTimes {
  name: string;
  start: string;
  end: string;
}

export interface Period {
  from: number;
  to: number;
  label: string;
}

const hm = (t: string): [number, number] => {
  const [h, m] = t.split(':').map(Number) as [number, number];
  return [h, m];
};

/** The instants a shift covers on `date` (YYYY-MM-DD, the day it starts); null for a date that does not exist. */
export function shiftPeriod(shift: ShiftTimes, date: string): Period | null {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(y, mo - 1, d);
  if (day.getFullYear() !== y || day.getMonth() !== mo - 1 || day.getDate() !== d) return null;
  const [sh, sm] = hm(shift.start);
  const [eh, em] = hm(shift.end);
  const crosses = eh * 60 + em <= sh * 60 + sm;
  const from = new Date(y, mo - 1, d, sh, sm).getTime();
  const to = new Date(y, mo - 1, d + (crosses ? 1 : 0), eh, em).getTime();
  const endDate = crosses ? localDate(to) : date;
  return { from, to, label: `${shift.name} ${date} ${shift.start} to ${endDate === date ? '' : `${endDate} `}${shift.end}` };
}

/**
 * The shift going on at `now` and the date it started on (a night shift after midnight began
 * yesterday), by the same periods a log is opened with; null when no shift covers `now`. What
 * the shift log opens on: a supervisor looks at the shift in progress first.
 */
export function currentShift<S extends ShiftTimes & { id: number }>(shifts: readonly S[], now: number): { shiftId: number; date: string } | null {
  const today = new Date(now);
  for (const back of [0, 1]) {
    const date = localDate(new Date(today.getFullYear(), today.getMonth(), today.getDate() - back).getTime());
    const on = shifts.find((s) => {
      const p = shiftPeriod(s, date);
      return p !== null && now >= p.from && now < p.to;
    });
    if (on) return { shiftId: on.id, date };
  }
  return null;
}

export function localDate(ms: number): string {
  const t = new Date(ms);
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
}

export function localTime(ms: number): string {
  const t = new Date(ms);
  return `${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function rangeLabel(from: number, to: number): string {
  return `${localDate(from)} ${localTime(from)} to ${localDate(to)} ${localTime(to)}`;
}
