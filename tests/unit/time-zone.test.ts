// The time zone a console keeps (shifts, hold and sharing periods follow it), as IT sets it
// with TZ. Each test file runs in its own process, so setting TZ here touches no other test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleTimeZone } from '../../electron/core/util/time-zone';

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
