// The time zone a console keeps (shifts, hold and sharing periods follow it), as IT sets it
// with TZ. Each test file runs in its own process, so setting TZ here touches no other test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleTimeZone } from '../../electron/core/util/time-zone';
import { localDate } from '../../renderer/lib/time';
import { trainingDateProblem } from '../../electron/core/auth/users';

test('the zone is named with its offset at that moment; UTC is recognised as UTC', () => {
  process.env.TZ = 'America/Los_Angeles';
  assert.deepEqual(consoleTimeZone(new Date('2026-01-15T12:00:00Z')), { name: 'America/Los_Angeles', label: 'America/Los_Angeles (UTC-08:00)', utc: false });
  assert.equal(consoleTimeZone(new Date('2026-07-15T12:00:00Z')).label, 'America/Los_Angeles (UTC-07:00)');
  process.env.TZ = 'America/St_Johns';
  assert.equal(consoleTimeZone(new Date('2026-01-15T12:00:00Z')).label, 'America/St_Johns (UTC-03:30)');
  process.env.TZ = 'Europe/London';
  assert.equal(consoleTimeZone(new Date('2026-01-15T12:00:00Z')).utc, false, 'London in winter is at UTC+00:00 but is not UTC');
  process.env.TZ = 'UTC';
  assert.deepEqual(consoleTimeZone(new Date('2026-01-15T12:00:00Z')), { name: 'UTC', label: 'UTC (UTC+00:00)', utc: true });
});

test('date fields default to the local date, and a training date is in the future only after the local today', () => {
  process.env.TZ = 'America/Los_Angeles';
  // 19:30 on 28 November in California is already the 29th in UTC.
  const evening = new Date('2026-11-29T03:30:00Z');
  assert.equal(localDate(evening), '2026-11-28');
  assert.equal(trainingDateProblem('2026-11-28', evening), null, "today's training is accepted");
  assert.equal(trainingDateProblem('2026-11-29', evening)?.message, 'the training date is in the future');
  process.env.TZ = 'Asia/Tokyo';
  // 08:00 on the 29th in Tokyo is still the 28th in UTC: the 29th is today there.
  const morning = new Date('2026-11-28T23:00:00Z');
  assert.equal(localDate(morning), '2026-11-29');
  assert.equal(trainingDateProblem('2026-11-29', morning), null);
  process.env.TZ = 'UTC';
});
