// Desktop notifications through the core, with node-notifier's own callback path: a fake OS
// notifier stands in only for the binary (terminal-notifier / SnoreToast); node-notifier's
// action decorator turns its answer into the callback the console receives, as it does for real.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Core } from '../../electron/core/core';
import { nodeNotifierSink, type NotifierLike } from '../../electron/core/notify/notifier';
import { inQuietHours, shouldNotify } from '../../electron/core/notify/alerts';
import { startHub, type Hub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../electron/contract';
import type { PostedHit } from '../../electron/contract/hub';
import { tempDir } from '../helpers/tmp';
import { postedHit } from '../helpers/hits';
import { waitFor } from '../helpers/wait';
import { signInCleared, TRAINED } from '../helpers/clearance';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const notifierUtils = require('node-notifier/lib/utils') as {
  actionJackerDecorator(emitter: EventEmitter, options: object, fn: (...a: unknown[]) => void, mapper: (d: string) => string | false): (err: Error | null, data: unknown) => void;
};

interface Shown {
  options: { title: string; message: string; wait: boolean; sound: boolean };
  /** What node-notifier calls when the OS notifier process answers (its JSON output). */
  answer(data: unknown): void;
}

/** node-notifier's notify() as its notifiers implement it, minus the OS binary. */
function osNotifier(): NotifierLike & EventEmitter & { shown: Shown[] } {
  const emitter = new EventEmitter() as NotifierLike & EventEmitter & { shown: Shown[] };
  emitter.shown = [];
  emitter.notify = (options, callback) => {
    const jacked = notifierUtils.actionJackerDecorator(emitter, options, callback as (...a: unknown[]) => void, (d) => (d === 'activate' ? 'click' : d === 'timeout' ? 'timeout' : false));
    emitter.shown.push({ options, answer: (data) => jacked(null, data) });
    return emitter;
  };
  return emitter;
}

function hitWith(plate: string, priority: 'high' | 'medium' | 'low'): PostedHit {
  const h = postedHit({ read: { plate, state: 'CA', confidence: 0.9 } });
  return { ...h, matches: h.matches.map((m) => ({ ...m, plate, priority })) };
}

async function setup() {
  const hub: Hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-n=n-token') });
  const os = osNotifier();
  const lines: string[] = [];
  const core = await Core.open({
    dataDir: tempDir(),
    workstationId: 'ws-n',
    hub: { url: hub.url, token: 'n-token', hubKey: hub.url, training: false },
    mode: 'headless',
    version: '0-test',
    agencyName: 'Test PD',
    bootstrapUser: `boss:hunter2hunter2:admin:${TRAINED}`,
    notify: nodeNotifierSink((l) => lines.push(l), os),
    env: {},
  });
  const s = core.openSession({ ip: '127.0.0.1' });
  const events: { name: string; payload: unknown }[] = [];
  s.subscribe((name, payload) => events.push({ name, payload }));
  await signInCleared(core, s.id, 'boss', 'hunter2hunter2');
  const call = async (channel: string, input: unknown) => {
    const r = await core.dispatch(s.id, channel, input);
    assert.ok(r.ok, `${channel}: ${r.ok ? '' : r.error.message}`);
    return r.value;
  };
  const post = async (hit: PostedHit) => {
    const res = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hit) });
    assert.equal(res.status, 202);
    return ((await res.json()) as { id: string }).id;
  };
  const close = async () => {
    await core.close();
    await hub.close();
  };
  return { hub, core, os, s, events, call, post, close, lines };
}

test('a new hit while nobody looks raises a notification; clicking it focuses the console on that hit', async () => {
  const t = await setup();
  try {
    const focused: string[] = [];
    t.core.desktop.onFocus((id) => focused.push(id));
    // Watching the console: the queue shows the hit, no desktop notification.
    await t.post(hitWith('1SEEN11', 'high'));
    await waitFor('the watched hit', () => t.events.some((e) => e.name === 'hits:new'));
    assert.equal(t.os.shown.length, 0);

    await t.call('ui:attention', { focused: false });
    await t.post(hitWith('2NOTI22', 'medium'));
    const shown = await waitFor('a notification', () => t.os.shown[0]);
    assert.match(shown.options.title, /2NOTI22 \(CA\) - MEDIUM/);
    assert.equal(shown.options.wait, true, 'wait for the click');
    const hitId = (t.events.find((e) => e.name === 'hits:new' && (e.payload as { plate: string }).plate === '2NOTI22')!.payload as { id: string }).id;

    // The notification times out unclicked: nothing happens.
    shown.answer({ activationType: 'timeout' });
    assert.deepEqual(focused, []);
    // terminal-notifier's answer to a click; node-notifier maps it to `activate`.
    shown.answer({ activationType: 'contentsClicked' });
    assert.deepEqual(focused, [hitId], 'the shell is told to focus');
    assert.deepEqual(t.events.filter((e) => e.name === 'hits:focus').map((e) => e.payload), [{ hitId }], 'the UI opens the hit');
  } finally {
    await t.close();
  }
});

test('a focused page on the policy screen gets no hits, so the desktop notification still comes', async () => {
  const t = await setup();
  try {
    await t.call('ui:attention', { focused: false });
    // A second user at this console has signed in and not yet acknowledged the policy.
    await t.core.users.create({ username: 'newbie', password: 'hunter2hunter2', displayName: 'New', role: 'dispatcher', trainingDate: TRAINED });
    const other = t.core.openSession({ ip: '127.0.0.1' });
    assert.ok((await t.core.dispatch(other.id, 'session:sign-in', { username: 'newbie', password: 'hunter2hunter2' })).ok);
    assert.ok((await t.core.dispatch(other.id, 'ui:attention', { focused: true })).ok);
    await t.post(hitWith('3POLI33', 'high'));
    const shown = await waitFor('a notification', () => t.os.shown[0]);
    assert.match(shown.options.title, /3POLI33/);
  } finally {
    await t.close();
  }
});

test('quiet hours hold back low and medium hits but never a high-priority one', async () => {
  const t = await setup();
  try {
    await t.call('settings:update', { notifications: { quietHours: { enabled: true, start: '00:00', end: '00:00' } } });
    await t.call('ui:attention', { focused: false });
    await t.post(hitWith('3LOW333', 'low'));
    await t.post(hitWith('4MED444', 'medium'));
    await t.post(hitWith('5HIGH55', 'high'));
    await waitFor('three hits', () => t.events.filter((e) => e.name === 'hits:new').length === 3);
    await waitFor('the high one', () => t.os.shown.length >= 1);
    assert.deepEqual(t.os.shown.map((n) => n.options.title.split(' ')[2]), ['5HIGH55']);
    assert.equal(t.os.shown[0]!.options.sound, true);
    // Desktop notifications switched off: nothing at all.
    await t.call('settings:update', { notifications: { desktop: false } });
    await t.post(hitWith('6HIGH66', 'high'));
    await waitFor('the fourth hit', () => t.events.filter((e) => e.name === 'hits:new').length === 4);
    assert.equal(t.os.shown.length, 1);
  } finally {
    await t.close();
  }
});

test('an escalated hit raises a notification too, and clicking it focuses that hit', async () => {
  const t = await setup();
  try {
    await t.call('workflow:update-settings', { unopenedAlertS: 1, escalateAfterS: 1 });
    await t.call('ui:attention', { focused: false });
    await t.post(hitWith('7ESC777', 'medium'));
    const escalated = await waitFor('the escalation notification', () => t.os.shown.find((n) => n.options.title.startsWith('ESCALATED')), 10_000);
    assert.match(escalated.options.title, /ESCALATED: 7ESC777/);
    assert.ok(t.os.shown.some((n) => n.options.title.startsWith('NOT OPENED: 7ESC777')), 'the first reminder too');
    escalated.answer({ activationType: 'contentsClicked' });
    const hitId = (t.events.find((e) => e.name === 'hits:escalated')!.payload as { item: { id: string } }).item.id;
    assert.deepEqual(t.events.filter((e) => e.name === 'hits:focus').map((e) => e.payload), [{ hitId }]);
  } finally {
    await t.close();
  }
});

test('the tray count follows unhandled hits: up on arrival, down when a hit ends', async () => {
  const t = await setup();
  try {
    const counts: number[] = [];
    t.core.desktop.onCount((n) => counts.push(n));
    await t.post(hitWith('8TRAY88', 'high'));
    await t.post(hitWith('9TRAY99', 'low'));
    await waitFor('two unhandled', () => counts.at(-1) === 2);
    const first = (t.events.find((e) => e.name === 'hits:new')!.payload as { id: string }).id;
    await t.call('hits:open', { hitId: first });
    assert.equal(counts.at(-1), 2, 'opened is not handled');
    await t.call('workflow:misread', { hitId: first, reason: 'wrong-characters' });
    await waitFor('one unhandled', () => counts.at(-1) === 1);
    assert.equal(counts[0], 0);
    assert.equal(t.core.desktop.unhandledCount(), 1);
  } finally {
    await t.close();
  }
});

test('a notifier that fails (no notification daemon) is logged once and the console goes on', () => {
  const lines: string[] = [];
  const broken: NotifierLike = { notify: (_o, cb) => cb(new Error('spawn notify-send ENOENT'), undefined) };
  const sink = nodeNotifierSink((l) => lines.push(l), broken);
  let clicked = 0;
  for (let i = 0; i < 3; i++) sink({ title: 't', message: 'm', hitId: 'h', urgent: true, sound: true }, () => clicked++);
  assert.deepEqual(lines, ['desktop notifications unavailable: spawn notify-send ENOENT']);
  assert.equal(clicked, 0);
});

test('quiet hours over midnight, and high priority always through', () => {
  const q = { enabled: true, start: '22:00', end: '06:00' };
  const at = (h: number, m = 0) => new Date(2026, 10, 25, h, m);
  assert.equal(inQuietHours(at(23), q), true);
  assert.equal(inQuietHours(at(5, 59), q), true);
  assert.equal(inQuietHours(at(6), q), false);
  assert.equal(inQuietHours(at(12), q), false);
  assert.equal(inQuietHours(at(23), { ...q, enabled: false }), false);
  assert.equal(inQuietHours(at(9), { enabled: true, start: '08:00', end: '17:00' }), true);
  const prefs = { ...DEFAULT_NOTIFICATION_SETTINGS, quietHours: q };
  assert.equal(shouldNotify(false, prefs, at(23)), false);
  assert.equal(shouldNotify(true, prefs, at(23)), true);
  assert.equal(shouldNotify(true, { ...prefs, desktop: false }, at(12)), false);
});
