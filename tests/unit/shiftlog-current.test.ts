// The shift log opens on the shift going on now, from the date it started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentShift } from '../../electron/core/shiftlog/periods';

const SHIFTS = [
  { id: 1, name: 'Days', start: '06:00', end: '18:00' },
  { id: 2, name: 'Nights', start: '18:00', end: '06:00' },
];
const at = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min).getTime();

test('the current shift: days by day, nights from the evening they began, none when no shift covers the time', () => {
  assert.deepEqual(currentShift(SHIFTS, at(2026, 11, 27, 10)), { shiftId: 1, date: '2026-11-27' });
  assert.deepEqual(currentShift(SHIFTS, at(2026, 11, 27, 19, 18)), { shiftId: 2, date: '2026-11-27' });
  assert.deepEqual(currentShift(SHIFTS, at(2026, 11, 28, 2)), { shiftId: 2, date: '2026-11-27' }, 'after midnight: the night that began yesterday');
  assert.deepEqual(currentShift(SHIFTS, at(2026, 12, 1, 5, 59)), { shiftId: 2, date: '2026-11-30' }, 'across a month');
  assert.deepEqual(currentShift(SHIFTS, at(2026, 11, 27, 6)), { shiftId: 1, date: '2026-11-27' }, 'a shift starts on its minute');
  assert.equal(currentShift([{ id: 3, name: 'Swing', start: '14:00', end: '22:00' }], at(2026, 11, 27, 23)), null);
  assert.deepEqual(currentShift([{ id: 4, name: '24 h', start: '07:00', end: '07:00' }], at(2026, 11, 27, 3)), { shiftId: 4, date: '2026-11-26' });
});
