/** Who is at the console: first-run setup, sign-in, sign-out, and the app's own facts. */
import type { HubState } from '../../contract';
import { CallFailure } from '../errors';
import { UserError } from '../auth/users';
import { actorOf, type CoreContext, type Handlers } from '../context';

type SessionChannels =
  | 'app:info'
  | 'session:setup-status'
  | 'session:create-first-admin'
  | 'session:sign-in'
  | 'session:sign-out'
  | 'session:current'
  | 'hub:status'
  | 'ui:attention';

/** The link state of a console started without any hub. */
export const NO_HUB: HubState = {
  state: 'offline',
  since: new Date(0).toISOString(),
  url: null,
  training: false,
  lastError: 'no hub configured',
  lastSeq: 0,
};

export function sessionHandlers(ctx: CoreContext): Pick<Handlers, SessionChannels> {
  const needsSetup = () => ctx.users.count() === 0;
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
        return { user };
      } catch (err) {
        if (err instanceof UserError) throw new CallFailure('invalid-input', err.message, err.details);
        throw err;
      }
    },
    'session:sign-in': async ({ username, password }, session) => {
      const user = await ctx.users.authenticate(username, password);
      await ctx.appendAudit({
        action: 'session.sign-in',
        outcome: user ? 'ok' : 'failed',
        actor: user ? actorOf(user) : null,
        ip: session.ip,
        data: { username },
      });
      if (!user) throw new CallFailure('unauthenticated', 'wrong username or password');
      session.user = user;
      return { user };
    },
    'session:sign-out': async (_input, session) => {
      if (session.user) {
        await ctx.appendAudit({ action: 'session.sign-out', outcome: 'ok', actor: actorOf(session.user), ip: session.ip, data: {} });
      }
      session.user = null;
      return { ok: true as const };
    },
    'session:current': (_input, session) => ({ user: session.user }),
    'hub:status': () => ctx.hub?.state ?? NO_HUB,
    'ui:attention': ({ focused }, session) => {
      session.focused = focused;
      return { ok: true as const };
    },
  };
}
