/**
 * Administration calls (issue 5): user accounts, training records, the policy text, the
 * security settings. The contract allows admins only; every change and its audit record are
 * one group commit (AU-2: account, role and permission, and settings changes).
 */
import { OFFICER_HOTLIST_LISTS, type AdminUser, type User } from '../../contract';
import { CallFailure } from '../errors';
import { trainingDateProblem, UserError } from '../auth/users';
import { actorOf, type CoreContext, type Handlers, type Session } from '../context';
import type { SessionGuard } from './guard';

type AdminChannels =
  | 'admin:users'
  | 'admin:create-user'
  | 'admin:update-user'
  | 'admin:set-disabled'
  | 'admin:unlock-user'
  | 'admin:reset-password'
  | 'admin:record-training'
  | 'admin:update-policy'
  | 'admin:security-settings'
  | 'admin:update-security-settings';

/**
 * `leaving` runs when a user's sessions end here (account disabled, password reset): the core
 * releases the hits that user held, as at a sign-out.
 */
export function adminHandlers(
  ctx: CoreContext,
  guard: SessionGuard,
  leaving: (user: User, session: Session) => Promise<unknown> = async () => undefined,
): Pick<Handlers, AdminChannels> {
  const fail = (err: unknown): never => {
    if (err instanceof UserError) {
      if (err.message === 'no such user') throw new CallFailure('not-found', 'no such user');
      throw new CallFailure('invalid-input', err.message, err.details);
    }
    throw err;
  };
  const view = (id: number): AdminUser => ctx.users.adminView(id) ?? fail(new UserError('no such user'));
  /** Runs a change and its audit record in one commit; the record names the admin and the target. */
  const change = async (session: Session, action: string, target: number | null, data: Record<string, unknown>, work: () => void) => {
    const admin = session.user!;
    try {
      await ctx.commit(() => {
        const before = target === null ? null : ctx.users.adminView(target);
        if (target !== null && !before) throw new UserError('no such user');
        work();
        ctx.audit.append({ action, outcome: 'ok', actor: actorOf(admin), ip: session.ip, data: { ...(before ? { userId: before.id, username: before.username } : {}), ...data } });
      });
    } catch (err) {
      fail(err);
    }
  };
  /**
   * Sessions of a changed user follow the change: disabled ends them, edits refresh them.
   * `endReason` ends them too (a password reset: the user no longer knows their password),
   * except the administrator's own session.
   */
  const refreshSessions = async (id: number, admin: Session, endReason?: string) => {
    const fresh: User | null = ctx.users.byId(id);
    const disabled = ctx.users.adminView(id)?.disabled ?? true;
    const reason = disabled ? 'an administrator disabled this account' : endReason;
    let ended: { user: User; session: Session } | null = null;
    for (const s of ctx.sessions()) {
      if (s.user?.id !== id) continue;
      if (reason && s !== admin) {
        ended = { user: s.user, session: s };
        guard.end(s, reason);
      } else s.user = fresh;
    }
    // Their hits go back to the queue (here and at the hub), as when they sign out.
    if (ended) await leaving(ended.user, ended.session);
  };

  return {
    'admin:users': () => ({ users: ctx.users.list() }),
    'admin:create-user': async (input, session) => {
      try {
        const created = await ctx.users.create({ ...input, badge: input.badge || null, agency: input.agency || null, temporaryPassword: true }, (insert) =>
          ctx.db.transaction(() => {
            const user = insert();
            ctx.audit.append({
              action: 'user.create',
              outcome: 'ok',
              actor: actorOf(session.user!),
              ip: session.ip,
              data: { userId: user.id, username: user.username, role: user.role, via: 'administration' },
            });
            return user;
          })(),
        );
        ctx.recordsWritten();
        return { user: view(created.id) };
      } catch (err) {
        return fail(err);
      }
    },
    'admin:update-user': async ({ id, ...fields }, session) => {
      const before = view(id);
      if (id === session.user!.id && fields.role !== 'admin') {
        throw new CallFailure('invalid-input', 'you cannot remove your own administrator role', ['role: ask another administrator']);
      }
      await change(session, 'user.update', id, { displayName: fields.displayName, badge: fields.badge, agency: fields.agency }, () => {
        ctx.users.update(id, fields);
        if (before.role !== fields.role) {
          ctx.audit.append({ action: 'user.role-change', outcome: 'ok', actor: actorOf(session.user!), ip: session.ip, data: { userId: id, username: before.username, from: before.role, to: fields.role } });
        }
      });
      await refreshSessions(id, session);
      return { user: view(id) };
    },
    'admin:set-disabled': async ({ id, disabled }, session) => {
      if (id === session.user!.id && disabled) throw new CallFailure('invalid-input', 'you cannot disable your own account');
      await change(session, disabled ? 'user.disable' : 'user.enable', id, {}, () => ctx.users.setDisabled(id, disabled));
      await refreshSessions(id, session);
      return { user: view(id) };
    },
    'admin:unlock-user': async ({ id }, session) => {
      await change(session, 'user.unlock', id, {}, () => ctx.users.unlock(id));
      return { user: view(id) };
    },
    'admin:reset-password': async ({ id, password }, session) => {
      const { username } = view(id);
      const set = await ctx.users.preparePassword(password, username, 'password', true).catch(fail);
      await change(session, 'user.password-reset', id, { by: 'administrator' }, () => set(id));
      await refreshSessions(id, session, 'an administrator reset your password; sign in with the new one they give you');
      return { user: view(id) };
    },
    'admin:record-training': async ({ id, date, course, trainer }, session) => {
      const problem = trainingDateProblem(date, ctx.now());
      if (problem) throw new CallFailure('invalid-input', problem.message, [problem.detail]);
      await change(session, 'user.training', id, { date, course, trainer }, () => ctx.users.recordTraining(id, { date, course, trainer }));
      return { user: view(id) };
    },
    'admin:update-policy': async ({ text }, session) => {
      let version = guard.policy.current().version + 1;
      await change(session, 'policy.update', null, { version, chars: text.length }, () => {
        version = guard.policy.publish(text, session.user!.username);
      });
      // Everyone acknowledges the new version before seeing data again.
      return { version };
    },
    'admin:security-settings': () => guard.policy.settings(),
    'admin:update-security-settings': async (input, session) => {
      const before = guard.policy.settings();
      await change(session, 'settings.security', null, { before, after: input }, () => guard.policy.saveSettings(input));
      // Open queues fetch again: a list taken from a role leaves them, one given appears (and alerts).
      if (JSON.stringify(guard.policy.settings().roleLists) !== JSON.stringify(before.roleLists)) ctx.broadcast('hits:visibility-changed', {});
      if (input.dispatchCenterExemption && !before.dispatchCenterExemption) {
        ctx.log('WARNING: the CJIS dispatch-center exemption is on: consoles no longer lock after inactivity');
      }
      // The names hits and officers' entries have used, to point out a misspelt one.
      const known = new Set(
        [...OFFICER_HOTLIST_LISTS, ...ctx.db.prepare<[], { list: string }>('SELECT DISTINCT list FROM hit_matches').all().map((r) => r.list)].map((l) => l.toLowerCase()),
      );
      const given = Object.values(input.roleLists).flatMap((names) => names ?? []);
      const unknownLists = [...new Set(given.filter((n) => !known.has(n.toLowerCase())))];
      return { ...guard.policy.settings(), unknownLists };
    },
  };
}
