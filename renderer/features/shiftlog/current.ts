import type { Shift } from '../../../electron/contract';

const localDate = (t: Date) => `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;

/**
 * The shift going on at `now` and the date it started on (a night shift after midnight began
 * yesterday), in local time; null when no shift covers `now`. What the shift log opens on: a
 * supervisor looks at the shift in progress first.
 */
export function currentShift(shifts: readonly Shift[], now: Date = new Date()): { shiftId: number; date: string } | null {
  for (const back of [0, 1]) {
    const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - back);
    for (const s of shifts) {
      const [sh, sm] = s.start.split(':').map(Number) as [number, number];
      const [eh, em] = s.end.split(':').map(Number) as [number, number];
      const start = new Date(day.getFullYear(), day.getMonth(), day.getDate(), sh, sm);
      const endsNextDay = eh * 60 + em <= sh * 60 + sm;
      const end = new Date(day.getFullYear(), day.getMonth(), day.getDate() + (endsNextDay ? 1 : 0), eh, em);
      if (now >= start && now < end) return { shiftId: s.id, date: localDate(day) };
    }
  }
  return null;
}
