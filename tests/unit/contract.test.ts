import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calls, CHANNELS, EVENT_NAMES, roleAllowed, isChannel } from '../../electron/contract';
import { CHANNEL_NAMES, EVENT_NAMES_LIST } from '../../electron/contract/names';
import { parseHubTokens, postedHitSchema } from '../../electron/contract/hub';

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

test('hub tokens parse from ALPR_HUB_TOKENS', () => {
  const t = parseHubTokens('ws-01=secret1, ws-02=se=cret2,broken,=x');
  assert.deepEqual([...t], [['ws-01', 'secret1'], ['ws-02', 'se=cret2']]);
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
