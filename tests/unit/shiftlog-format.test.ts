// How the shift log words a row: a hit nobody opened is not "in progress".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outcomeLabel, rowOutcomeLabel, steps, waitBuckets } from '../../renderer/features/shiftlog/format';
import { outcomeText } from '../../electron/core/shiftlog/report';
import type { ShiftRow } from '../../electron/contract';

const row = (over: Partial<ShiftRow>): ShiftRow => ({
  hitId: 'h1', plate: '7ABC123', state: 'CA', cameraId: 'cam-1', cameraName: 'Main St', list: 'SVS', priority: 'high',
  readAt: '2026-11-24T10:00:00.000Z', received: 1000, opened: null, plateCheck: null, plateCheckOutcome: null, broadcast: null,
  cletsSent: null, cletsResult: null, cletsStatus: null, resultsBroadcast: null, ended: null, outcome: 'open',
  dispatcher: null, dispatcherName: null, broadcaster: null, broadcasterName: null, takenOverBy: null, takenOverByName: null, ...over,
});

test('a hit not ended reads "Not opened" until someone opens it, then "In progress"; ended hits their disposition', () => {
  assert.equal(rowOutcomeLabel(row({})), 'Not opened');
  assert.equal(rowOutcomeLabel(row({ opened: 5000, dispatcher: 'dana', dispatcherName: 'Dana' })), 'In progress');
  assert.equal(rowOutcomeLabel(row({ opened: 5000, ended: 9000, outcome: 'stale-list' })), 'Stale list');
  assert.equal(rowOutcomeLabel(row({ opened: 5000, ended: 9000, outcome: 'vehicle-located' })), 'Vehicle located');
  // The filter and the chart group both as not ended; the CSV and PDF say which, as the rows do.
  assert.equal(outcomeLabel('open'), 'Not ended');
  assert.deepEqual([outcomeText(row({})), outcomeText(row({ opened: 5000 })), outcomeText(row({ opened: 5000, ended: 9000, outcome: 'misread' }))], ['not opened', 'in progress', 'misread']);
});

test('steps are listed in the order taken, each with the time since the one before', () => {
  assert.deepEqual(steps(row({ opened: 4000, plateCheck: 6500, plateCheckOutcome: 'misread', ended: 6500 })), [
    { label: 'Received', took: 1000 },
    { label: 'Opened', took: 3000 },
    { label: 'Misread', took: 2500 },
    { label: 'Ended', took: 0 },
  ]);
  // A retroactive hit: raised 14 days after its read, then opened 30 s later.
  assert.deepEqual(steps(row({ retroactive: true, received: 14 * 86_400_000, opened: 14 * 86_400_000 + 30_000 })), [
    { label: 'Raised (old read)', took: 14 * 86_400_000 },
    { label: 'Opened', took: 30_000 },
  ]);
  // A live hit that reached this console 2 hours late (the hub was down), opened a minute later.
  assert.deepEqual(steps(row({ late: 7_200_000, opened: 7_260_000 })), [
    { label: 'Received', took: 1000 },
    { label: 'Reached this console (late)', took: 7_199_000 },
    { label: 'Opened', took: 60_000 },
  ]);
  assert.equal(rowOutcomeLabel(row({ opened: 5000, ended: 6000, outcome: 'entry-withdrawn' })), 'Entry withdrawn');
});

test('the broadcast-time chart names its buckets plainly: "1–2 min", not "1 min 00 s–2 min 00 s"', () => {
  assert.deepEqual(waitBuckets(), ['0–30 s', '30 s–1 min', '1–2 min', '2–5 min', '5–10 min', '10–30 min', 'over 30 min']);
});
