/**
 * Who is at the console: first-run setup, sign-in (with lockout), sign-out, session lock and
 * unlock, switch user, own password, the usage policy acknowledgement, and the app's facts.
 */
import { waitsUnopened, type HubState, type User } from '../../contract';
import { mostUrgent } from '../../contract/hub';
import { CallFailure } from '../errors';
import { UserError } from '../auth/users';
import { actorOf, type CoreContext, type Handlers, type Session } from '../context';
import type { SessionGuard } from './guard';

type SessionChannels =
  | 'app:info'
  | 'session:setup-status'
  | 'session:create-first-admin'
  | 'session:sign-in'
  | 'session:sign-out'
  | 'session:current'
  | 'hub:status'
  | 'ui:attention'
  | 'session:lock'
  | 'session:waiting'
  | 'session:unlock'
  | 'session:activity'
  | 'session:change-password'
  | 'policy:current'
  | 'policy:acknowledge';

export const LOCKED_MESSAGE = 'This account is locked after too many failed sign-ins. An administrator must unlock it.';

/** The link state of a console started without any hub. */
export const NO_HUB: HubState = {
  state: 'offline',
  since: new Date(0).toISOString(),
  url: null,
  training: false,
  lastError: 'no hub configured',
  lastSeq: 0,
};

/**
 * `leaving` runs when a user's session ends here (sign-out, or another user signing in at the
 * locked console): the core releases the hits that user held.
 */
export function sessionHandlers(
  ctx: CoreContext,
  guard: SessionGuard,
  leaving: (user: User, session: Session) => Promise<unknown> = async () => undefined,
): Pick<Handlers, SessionChannels> {
  const needsSetup = () => ctx.users.count() === 0;
  const userError = (err: unknown): never => {
    if (err instanceof UserError) throw new CallFailure('invalid-input', err.message, err.details);
    throw err;
  };
  /** Checks a password for sign-in or unlock, counting failures (AC-7); audits the attempt. */
  const attempt = async (session: Session, username: string, password: string, action: string) => {
    const result = await ctx.users.authenticate(username, password);
    const actor = result.user ? actorOf(result.user) : null;
    await ctx.commit(() => {
      ctx.audit.append({
        action,
        outcome: result.ok ? 'ok' : 'failed',
        actor,
        ip: session.ip,
        data: result.ok ? { username } : { username, reason: result.reason },
      });
      if (!result.ok && result.justLocked) {
        ctx.audit.append({ action: 'user.lock', outcome: 'ok', actor, ip: session.ip, data: { username, reason: 'too many failed sign-ins' } });
      }
    });
    if (result.ok) return result.user;
    if (result.reason === 'locked') throw new CallFailure('forbidden', LOCKED_MESSAGE);
    // At the lock screen the name is given: only the password can be wrong.
    throw new CallFailure('unauthenticated', action === 'session.unlock' ? 'wrong password' : 'wrong username or password');
  };
  return {
    'app:info': () => ({
      version: ctx.opts.version,
      workstationId: ctx.opts.workstationId,
      agencyName: ctx.opts.agencyName,
      training: ctx.opts.hub?.training ?? false,
      mode: ctx.opts.mode,
    }),
    'session:setup-status': () => ({ needsSetup: needsSetup() }),
    'session:create-first-admin': async (input, session) => {
      if (!needsSetup()) throw new CallFailure('conflict', 'this console already has users; sign in instead');
      try {
        const user = await ctx.users.create({ ...input, role: 'admin' }, (insert) =>
          ctx.db.transaction(() => {
            if (!needsSetup()) throw new CallFailure('conflict', 'this console already has users; sign in instead');
            const created = insert();
            ctx.audit.append({
              action: 'user.create',
              outcome: 'ok',
              actor: actorOf(created),
              ip: session.ip,
              data: { username: created.username, role: created.role, via: 'first-run setup' },
            });
            ctx.audit.append({ action: 'session.sign-in', outcome: 'ok', actor: actorOf(created), ip: session.ip, data: {} });
            return created;
          })(),
        );
        ctx.recordsWritten();
        session.user = user;
        guard.started(session);
        return { user };
      } catch (err) {
        return userError(err);
      }
    },
    'session:sign-in': async ({ username, password }, session) => {
      const user = await attempt(session, username, password, 'session.sign-in');
      const previous = session.user;
      if (previous && previous.id !== user.id) {
        // Switch user at a (locked) console: the first user's session ends here.
        await ctx.appendAudit({ action: 'session.sign-out', outcome: 'ok', actor: actorOf(previous), ip: session.ip, data: { reason: 'switch user', next: user.username } });
        session.user = null;
        await leaving(previous, session);
      }
      session.user = user;
      guard.started(session);
      return { user };
    },
    'session:sign-out': async (_input, session) => {
      if (session.user) {
        await ctx.appendAudit({ action: 'session.sign-out', outcome: 'ok', actor: actorOf(session.user), ip: session.ip, data: {} });
        const user = session.user;
        session.user = null;
        await leaving(user, session);
      }
      session.user = null;
      return { ok: true as const };
    },
    'session:current': (_input, session) => ({
      user: session.user,
      locked: guard.isLocked(session),
      clearance: session.user ? guard.clearance(session.user) : null,
    }),
    'session:waiting': (_input, session) => {
      // Counts only (AC-11: nothing of the data on a locked screen), for users who may see hits.
      const user = session.user!;
      if (!guard.cleared(user)) return { count: 0, priority: null };
      const waiting = ctx.visibleItems(user.role, ctx.hits.queue()).filter(waitsUnopened);
      return { count: waiting.length, priority: waiting.length ? mostUrgent(waiting.map((i) => i.priority)) : null };
    },
    'session:lock': async (_input, session) => {
      await guard.lock(session, 'manual');
      return { ok: true as const };
    },
    'session:unlock': async ({ password }, session) => {
      const user = session.user!;
      if (!guard.isLocked(session)) return { user };
      const unlocked = await attempt(session, user.username, password, 'session.unlock');
      session.user = unlocked;
      guard.started(session);
      return { user: unlocked };
    },
    'session:activity': () => ({ ok: true as const }),
    'session:change-password': async ({ current, next }, session) => {
      const user = session.user!;
      // Checked against this hash: a reset that lands while the new one is hashed wins.
      const checkedHash = ctx.users.passwordHash(user.id);
      // Counted as a sign-in's failures are: someone at an unlocked console cannot guess on.
      const checked = await ctx.users.authenticate(user.username, current);
      if (!checked.ok) {
        const locked = checked.reason === 'locked';
        await ctx.commit(() => {
          ctx.audit.append({ action: 'user.password-change', outcome: 'failed', actor: actorOf(user), ip: session.ip, data: { username: user.username, reason: locked ? 'account locked' : 'current password wrong' } });
          if (checked.justLocked) ctx.audit.append({ action: 'user.lock', outcome: 'ok', actor: actorOf(user), ip: session.ip, data: { username: user.username, reason: 'too many wrong current passwords' } });
        });
        if (locked) {
          // Locked now: this session ends, and the user's hits go back to the queue.
          guard.end(session, LOCKED_MESSAGE);
          await leaving(user, session);
          throw new CallFailure('forbidden', LOCKED_MESSAGE);
        }
        throw new CallFailure('invalid-input', 'the current password is not right', ['current: the current password is not right']);
      }
      if (next === current) throw new CallFailure('invalid-input', 'choose a different password', ['next: the new password is the same as the current one']);
      const set = await ctx.users.preparePassword(next, user.username, 'next').catch(userError);
      const replacesTemporary = ctx.users.passwordChangeRequired(user.id);
      await ctx.commit(() => {
        set(user.id, checkedHash ?? undefined);
        ctx.audit.append({
          action: 'user.password-change',
          outcome: 'ok',
          actor: actorOf(user),
          ip: session.ip,
          data: { username: user.username, by: 'self', ...(replacesTemporary ? { replaced: 'password set by an administrator' } : {}) },
        });
      }).catch(userError);
      return { ok: true as const };
    },
    'policy:current': (_input, session) => {
      const p = guard.policy.current();
      return { ...p, acknowledgedAt: guard.policy.acknowledgedAt(session.user!.id) };
    },
    'policy:acknowledge': async ({ version }, session) => {
      const user = session.user!;
      const current = guard.policy.current().version;
      if (version !== current) throw new CallFailure('conflict', 'the policy changed while it was shown; read the new version');
      await ctx.commit(() => {
        guard.policy.acknowledge(user.id, version);
        ctx.audit.append({ action: 'policy.acknowledge', outcome: 'ok', actor: actorOf(user), ip: session.ip, data: { version } });
      });
      return { clearance: guard.clearance(user) };
    },
    'hub:status': () => ctx.hub?.state ?? NO_HUB,
    'ui:attention': ({ focused }, session) => {
      session.focused = focused;
      return { ok: true as const };
    },
  };
}
