import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calls, CHANNELS, EVENT_NAMES, roleAllowed, isChannel } from '../../electron/contract';
import { CHANNEL_NAMES, EVENT_NAMES_LIST } from '../../electron/contract/names';
import { parseHubTokens, postedHitSchema } from '../../electron/contract/hub';
import { isoTimeSchema } from '../../electron/contract/common';
import { z } from 'zod';

test('the preload name lists equal the contract', () => {
  assert.deepEqual([...CHANNEL_NAMES].sort(), [...CHANNELS].sort());
  assert.deepEqual([...EVENT_NAMES_LIST].sort(), [...EVENT_NAMES].sort());
});

test('channel names are domain:action', () => {
  for (const c of CHANNELS) assert.match(c, /^[a-z]+:[a-z-]+$/);
});

test('auditors cannot work hits; dispatchers cannot do nothing but sign in', () => {
  assert.equal(roleAllowed(calls['hits:open'].access, 'auditor'), false);
  assert.equal(roleAllowed(calls['hits:open'].access, 'dispatcher'), true);
  assert.equal(roleAllowed(calls['hits:queue'].access, null), false);
  assert.equal(roleAllowed(calls['session:sign-in'].access, null), true);
});

test('isChannel refuses prototype names and unknown strings', () => {
  assert.equal(isChannel('constructor'), false);
  assert.equal(isChannel('__proto__'), false);
  assert.equal(isChannel('hits:delete-all'), false);
  assert.equal(isChannel('hits:open'), true);
});

test('hub tokens parse from ALPR_HUB_TOKENS; a broken or repeated entry is refused, not dropped', () => {
  const t = parseHubTokens('ws-01=secret1, ws-02=se=cret2,');
  assert.deepEqual([...t], [['ws-01', 'secret1'], ['ws-02', 'se=cret2']]);
  assert.throws(() => parseHubTokens('ws-01=secret1,broken'), /"broken" is not workstation=token/);
  assert.throws(() => parseHubTokens('=x'), /"=x" is not workstation=token/);
  assert.throws(() => parseHubTokens('ws-01=a,ws-01=b'), /workstation "ws-01" is listed twice/);
});

test('POST /hits refuses extra fields', () => {
  const hit = {
    capturedAt: '2026-11-25T03:12:45.120Z',
    camera: { id: 'cam-07', name: 'Main St & 5th Ave', lat: 37.8, lon: -121.27, direction: 'NB' },
    read: { plate: '7ABC123', state: 'CA', confidence: 0.91 },
    images: { plate: { mime: 'image/jpeg', base64: 'AA==' }, overview: { mime: 'image/jpeg', base64: 'AA==' } },
    matches: [{ list: 'SVS', reason: 'Stolen vehicle', priority: 'high', plate: '7ABC123', state: 'CA', listUpdatedAt: '2026-11-24T18:00:00Z' }],
  };
  assert.equal(postedHitSchema.safeParse(hit).success, true);
  assert.equal(postedHitSchema.safeParse({ ...hit, extra: 1 }).success, false);
  assert.equal(postedHitSchema.safeParse({ ...hit, camera: { ...hit.camera, speed: 3 } }).success, false);
});

test('times on the wire: the same strings pass as zod\'s datetime with offsets accepts', () => {
  const zods = z.string().datetime({ offset: true });
  const good = ['2026-11-26T08:24:11.774Z', '2026-11-26T08:24:11Z', '2026-11-26T08:24Z', '2026-11-26T08:24:11.5+02:00',
    '2026-11-26T08:24:11-0800', '2024-02-29T00:00:00Z'];
  const bad = ['2026-11-26', '2026-11-26 08:24:11Z', '2026-11-26T08:24:11', '2026-13-01T00:00:00Z', '2023-02-29T00:00:00Z',
    '2026-11-26T24:00:00Z', '2026-11-26T08:24:11.774Zjunk', 'x2026-11-26T08:24:11Z', '2026-11-26T08:24:11+2'];
  for (const s of good) {
    assert.equal(zods.safeParse(s).success, true, s);
    assert.equal(isoTimeSchema.safeParse(s).success, true, s);
  }
  for (const s of bad) {
    assert.equal(zods.safeParse(s).success, false, s);
    const r = isoTimeSchema.safeParse(s);
    assert.equal(r.success, false, s);
    assert.equal(r.error?.issues[0]?.message, 'an ISO 8601 date and time');
  }
  assert.equal(isoTimeSchema.safeParse(20261126).success, false);
});
