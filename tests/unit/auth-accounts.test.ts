// Issue 5: lockout after 5 failures (CJIS AC-7), passwords, and admin user management, all audited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commonPasswords } from '../../electron/core/auth/common-passwords';
import { LOCKED_MESSAGE } from '../../electron/core/session/handlers';
import { authCore, callValue, PASSWORD } from '../helpers/auth-core';
import { acknowledgePolicy } from '../helpers/clearance';

const signIn = async (a: Awaited<ReturnType<typeof authCore>>, username: string, password: string) =>
  a.call(a.core.openSession({ ip: '10.1.1.1' }).id, 'session:sign-in', { username, password });

test('5 failures within 15 minutes lock the account; the 6th is refused with the right password; an admin unlocks (logged)', async () => {
  const a = await authCore();
  try {
    const adm = await a.session('adm', 'admin');
    await a.core.users.create({ username: 'disp', password: PASSWORD, displayName: 'D', role: 'dispatcher' });
    for (let i = 1; i <= 4; i++) {
      const r = await signIn(a, 'disp', 'wrong-password');
      assert.equal(!r.ok && r.error.code, 'unauthenticated', `attempt ${i}`);
      a.clock.advance(60_000);
    }
    const fifth = await signIn(a, 'disp', 'wrong-password');
    assert.equal(!fifth.ok && fifth.error.message, LOCKED_MESSAGE);
    const sixth = await signIn(a, 'disp', PASSWORD);
    assert.equal(sixth.ok, false);
    assert.equal(!sixth.ok && sixth.error.message, LOCKED_MESSAGE);
    assert.equal(a.audit('user.lock').length, 1);
    assert.deepEqual(a.audit('session.sign-in').filter((r) => r.username === 'disp').map((r) => r.outcome), ['failed', 'failed', 'failed', 'failed', 'failed', 'failed']);

    const users = await a.call(adm, 'admin:users');
    const disp = (users.ok ? (users.value as { users: { id: number; username: string; locked: boolean }[] }).users : []).find((u) => u.username === 'disp')!;
    assert.equal(disp.locked, true);
    assert.ok((await a.call(adm, 'admin:unlock-user', { id: disp.id })).ok);
    const unlock = a.audit('user.unlock');
    assert.equal(unlock.length, 1);
    assert.equal(unlock[0]!.username, 'adm');
    assert.equal(unlock[0]!.data.username, 'disp');
    assert.ok((await signIn(a, 'disp', PASSWORD)).ok);
  } finally {
    await a.core.close();
  }
});

test('failures spread over more than 15 minutes do not lock; a success resets the count; unknown names answer alike', async () => {
  const a = await authCore();
  try {
    await a.core.users.create({ username: 'disp', password: PASSWORD, displayName: 'D', role: 'dispatcher' });
    for (let i = 0; i < 4; i++) await signIn(a, 'disp', 'wrong-password');
    a.clock.advance(16 * 60_000);
    for (let i = 0; i < 4; i++) await signIn(a, 'disp', 'wrong-password');
    assert.ok((await signIn(a, 'disp', PASSWORD)).ok);
    for (let i = 0; i < 4; i++) await signIn(a, 'disp', 'wrong-password');
    assert.ok((await signIn(a, 'disp', PASSWORD)).ok, 'the count restarted after the success');
    // A name that does not exist locks the same way, so the message tells nothing.
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await signIn(a, 'ghost', 'wrong-password'));
    assert.deepEqual(answers.map((r) => !r.ok && r.error.message), [...Array(4).fill('wrong username or password'), LOCKED_MESSAGE, LOCKED_MESSAGE]);
  } finally {
    await a.core.close();
  }
});

test('passwords: at least 8 characters, not on the bundled list of ≥ 10,000 common ones; users change their own', async () => {
  assert.ok(commonPasswords().size >= 10_000, `list has ${commonPasswords().size}`);
  const a = await authCore();
  try {
    const adm = await a.session('adm', 'admin');
    const short = await a.call(adm, 'admin:create-user', { username: 'u1', displayName: 'U', role: 'dispatcher', password: 'short' });
    assert.equal(!short.ok && short.error.code, 'invalid-input');
    for (const common of ['password1', 'Password1', 'iloveyou1', 'qwertyuiop']) {
      const r = await a.call(adm, 'admin:create-user', { username: 'u1', displayName: 'U', role: 'dispatcher', password: common });
      assert.equal(!r.ok && r.error.code, 'invalid-input', common);
      assert.match(!r.ok ? (r.error.details ?? []).join() : '', /common or breached/);
    }
    // The account's own name is the first thing a guesser tries, in any case.
    const named = await a.call(adm, 'admin:create-user', { username: 'sup4', displayName: 'S', role: 'supervisor', password: 'SUP4sup4sup4' });
    assert.match(!named.ok ? (named.error.details ?? []).join() : 'created', /must not contain the username \(sup4\)/);
    const setup = await a.call(a.core.openSession({ ip: null }).id, 'session:create-first-admin', { username: 'x', password: 'password1', displayName: 'X' });
    assert.equal(setup.ok, false);

    const disp = await a.session('disp', 'dispatcher');
    const wrong = await a.call(disp, 'session:change-password', { current: 'not-it-at-all', next: 'a-new-long-pass-9' });
    assert.equal(!wrong.ok && wrong.error.code, 'invalid-input');
    const weak = await a.call(disp, 'session:change-password', { current: PASSWORD, next: 'password123' });
    assert.equal(weak.ok, false);
    const own = await a.call(disp, 'session:change-password', { current: PASSWORD, next: 'my-Disp-password-9' });
    assert.match(!own.ok ? (own.error.details ?? []).join() : 'changed', /next: must not contain the username/);
    assert.ok((await a.call(disp, 'session:change-password', { current: PASSWORD, next: 'a-new-long-pass-9' })).ok);
    assert.equal((await signIn(a, 'disp', PASSWORD)).ok, false);
    assert.ok((await signIn(a, 'disp', 'a-new-long-pass-9')).ok);
    assert.deepEqual(a.audit('user.password-change').map((r) => r.outcome), ['failed', 'ok']);
    // Stored as scrypt, never the password.
    const hash = a.core.db.prepare("SELECT password_hash FROM users WHERE username = 'disp'").pluck().get() as string;
    assert.match(hash, /^scrypt\$/);
  } finally {
    await a.core.close();
  }
});

test('guessing the current password at an unlocked console locks the account as failed sign-ins do, and ends the session', async () => {
  const a = await authCore();
  try {
    const disp = await a.session('guess', 'dispatcher');
    for (let i = 1; i < 5; i++) {
      const r = await a.call(disp, 'session:change-password', { current: `guess-number-${i}`, next: 'a-new-long-pass-9' });
      assert.equal(!r.ok && r.error.code, 'invalid-input', `guess ${i}`);
    }
    const fifth = await a.call(disp, 'session:change-password', { current: 'guess-number-5', next: 'a-new-long-pass-9' });
    assert.equal(!fifth.ok && fifth.error.code, 'forbidden');
    assert.match(!fifth.ok ? fifth.error.message : '', /locked after too many failed/);
    assert.equal((await a.call(disp, 'hits:queue')).ok, false, 'the session has ended');
    assert.equal((await signIn(a, 'guess', PASSWORD)).ok, false, 'locked: even the right password is refused until an administrator unlocks it');
    assert.equal(a.audit('user.lock').filter((r) => r.username === 'guess').length, 1);
  } finally {
    await a.core.close();
  }
});

test('admins create, edit, change the role of, disable, reset and record training for users; each change is audited', async () => {
  const a = await authCore();
  try {
    const adm = await a.session('adm', 'admin');
    const made = await a.call(adm, 'admin:create-user', { username: 'newbie', displayName: 'New Bie', badge: '42', agency: 'CA0390100', role: 'dispatcher', password: PASSWORD });
    assert.ok(made.ok, JSON.stringify(made));
    const id = (made.value as { user: { id: number } }).user.id;
    const s = await a.session('newbie', 'dispatcher', { acknowledge: false });
    // The agency is an ORI, as CLETS messages and audit records carry it; typed in any case.
    const notOri = await a.call(adm, 'admin:update-user', { id, displayName: 'Newbie B', badge: '43', agency: 'not an ori', role: 'supervisor' });
    assert.match(notOri.ok ? '' : (notOri.error.details ?? []).join(), /agency: an ORI is 9 characters/);
    const edited = await a.call(adm, 'admin:update-user', { id, displayName: 'Newbie B', badge: '43', agency: 'ca0390100 ', role: 'supervisor' });
    assert.ok(edited.ok);
    assert.equal((edited.value as { user: { agency: string } }).user.agency, 'CA0390100');
    assert.equal(((await a.call(s, 'session:current')).ok && ((await a.call(s, 'session:current')) as { value: { user: { role: string } } }).value.user.role), 'supervisor');
    assert.ok((await a.call(adm, 'admin:reset-password', { id, password: 'another-long-pass-8' })).ok);
    assert.ok((await a.call(adm, 'admin:record-training', { id, date: '2026-11-20', course: 'ALPR 101', trainer: 'Sgt. Ray' })).ok);
    const future = await a.call(adm, 'admin:record-training', { id, date: '2027-01-01', course: 'ALPR 101', trainer: 'Sgt. Ray' });
    assert.equal(future.ok, false);
    const slip = await a.call(adm, 'admin:record-training', { id, date: '1900-01-01', course: 'ALPR 101', trainer: 'Sgt. Ray' });
    assert.equal(slip.ok ? '' : slip.error.message, 'the training date is before 2000: check the year');
    assert.ok((await a.call(adm, 'admin:set-disabled', { id, disabled: true })).ok);
    const after = await a.call(s, 'session:current');
    assert.equal(after.ok && (after.value as { user: unknown }).user, null, 'disabling ends their session');
    assert.equal((await signIn(a, 'newbie', 'another-long-pass-8')).ok, false);
    const self = await a.call(adm, 'admin:set-disabled', { id: 1, disabled: true });
    assert.equal(self.ok, false);
    assert.deepEqual(
      a.audit().filter((r) => r.action.startsWith('user.') && r.username === 'adm').map((r) => r.action),
      ['user.create', 'user.role-change', 'user.update', 'user.password-reset', 'user.training', 'user.disable'],
    );
    assert.deepEqual(a.audit('user.role-change')[0]!.data, { userId: id, username: 'newbie', from: 'dispatcher', to: 'supervisor' });
  } finally {
    await a.core.close();
  }
});

test('a password an administrator set (new account or reset) is replaced at the next sign-in before anything else', async () => {
  const a = await authCore();
  try {
    const adm = await a.session('adm', 'admin');
    const made = callValue<{ user: { id: number; passwordChangeRequired: boolean } }>(
      await a.call(adm, 'admin:create-user', { username: 'newbie', displayName: 'New Bie', role: 'dispatcher', password: PASSWORD }),
    );
    assert.equal(made.user.passwordChangeRequired, true, 'the admin list shows the password is still the one they set');
    callValue(await a.call(adm, 'admin:record-training', { id: made.user.id, date: '2026-11-20', course: 'ALPR 101', trainer: 'Sgt. Ray' }));

    const opened = a.core.openSession({ ip: '10.1.1.2' });
    const ended: unknown[] = [];
    const heard: string[] = [];
    opened.subscribe((name, payload) => {
      heard.push(name);
      if (name === 'session:ended') ended.push(payload);
    });
    const s = opened.id;
    callValue(await a.call(s, 'session:sign-in', { username: 'newbie', password: PASSWORD }));
    const cur = callValue<{ clearance: { passwordChangeRequired: boolean } }>(await a.call(s, 'session:current'));
    assert.equal(cur.clearance.passwordChangeRequired, true);
    for (const channel of ['hits:queue', 'policy:current', 'purposes:list']) {
      const r = await a.call(s, channel);
      assert.equal(!r.ok && r.error.code, 'forbidden', channel);
      assert.match(!r.ok ? r.error.message : '', /choose your own password/);
    }
    assert.deepEqual(
      a.audit('hits:queue').map((r) => [r.outcome, r.username, r.data.reason]),
      [['refused', 'newbie', 'password change required']],
    );
    // Nor do events bring anything: a hotlist entry and its notes stay away.
    (a.core as unknown as { broadcast(n: string, p: unknown): void }).broadcast('hotlist:changed', { entry: { list: 'BOLO', plate: '7ABC123', notes: 'armed' } });
    assert.deepEqual(heard.filter((n) => n === 'hotlist:changed'), []);

    callValue(await a.call(s, 'session:change-password', { current: PASSWORD, next: 'my-own-long-pass-1' }));
    assert.equal(callValue<{ clearance: { passwordChangeRequired: boolean } }>(await a.call(s, 'session:current')).clearance.passwordChangeRequired, false);
    assert.equal(a.audit('user.password-change').at(-1)!.data.replaced, 'password set by an administrator');
    await acknowledgePolicy(a.core, s);
    callValue(await a.call(s, 'hits:queue'));

    // A reset by an administrator ends the user's sessions (they no longer know their
    // password), asks again at the next sign-in, and holds an administrator to it as well.
    const reset = callValue<{ user: { passwordChangeRequired: boolean } }>(await a.call(adm, 'admin:reset-password', { id: made.user.id, password: 'reset-long-pass-2' }));
    assert.equal(reset.user.passwordChangeRequired, true);
    assert.equal(callValue<{ user: unknown }>(await a.call(s, 'session:current')).user, null, 'signed out by the reset');
    assert.deepEqual(ended, [{ reason: 'an administrator reset your password; sign in with the new one they give you' }]);
    const again = a.core.openSession({ ip: '10.1.1.2' }).id;
    callValue(await a.call(again, 'session:sign-in', { username: 'newbie', password: 'reset-long-pass-2' }));
    assert.equal((await a.call(again, 'hits:queue')).ok, false);

    callValue(await a.call(adm, 'admin:create-user', { username: 'adm2', displayName: 'Second Admin', role: 'admin', password: PASSWORD }));
    const adm2 = a.core.openSession({ ip: '10.1.1.3' }).id;
    callValue(await a.call(adm2, 'session:sign-in', { username: 'adm2', password: PASSWORD }));
    const users = await a.call(adm2, 'admin:users');
    assert.equal(!users.ok && users.error.code, 'forbidden', 'no administration with a password another admin knows');
    // Users who chose their password themselves (first-run setup, the bootstrap account) are not asked.
    assert.equal(callValue<{ clearance: { passwordChangeRequired: boolean } }>(await a.call(adm, 'session:current')).clearance.passwordChangeRequired, false);
  } finally {
    await a.core.close();
  }
});

test('a reset that lands while a user is changing their password wins: the change is refused, not the reset lost', async () => {
  const a = await authCore();
  try {
    const adm = await a.session('adm', 'admin');
    const s = await a.session('disp', 'dispatcher');
    const id = a.core.db.prepare("SELECT id FROM users WHERE username = 'disp'").pluck().get() as number;
    // The change checks the current password and hashes the new one (slow); the reset comes meanwhile.
    const change = a.call(s, 'session:change-password', { current: PASSWORD, next: 'my-own-long-pass-3' });
    callValue(await a.call(adm, 'admin:reset-password', { id, password: 'reset-long-pass-4' }));
    const r = await change;
    assert.equal(r.ok, false);
    assert.match(!r.ok ? (r.error.details ?? []).join() : '', /changed meanwhile/);
    assert.ok((await signIn(a, 'disp', 'reset-long-pass-4')).ok, 'the reset stands');
  } finally {
    await a.core.close();
  }
});
