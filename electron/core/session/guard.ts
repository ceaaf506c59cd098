/**
 * The session rules the core applies to every call, before any handler runs (issue 5):
 * - Session lock (CJIS AC-11): after `lockAfterMinutes` without activity (unless the
 *   dispatch-center exemption is on) and on demand. While locked, every call but the few that
 *   unlock, switch user or describe the console is refused, and no data event is delivered.
 * - Training gate: no ALPR data (hit calls and events) until an admin recorded the user's
 *   training and the user acknowledged the current usage and privacy policy.
 * - A password an administrator set (new account, reset): nothing but the calls in
 *   `WHILE_PASSWORD_TEMPORARY` until the user has chosen their own.
 * - Hotlist categories per role: hits from lists a role may not see are left out, and opening
 *   one answers exactly as a hit that does not exist.
 * Inactivity is measured here, from calls (and the UI's `session:activity` ping on input),
 * with the core's clock, so tests can move time.
 */
import type { Channel, Clearance, EventName, QueueItem, Role, User } from '../../contract';
import { CallFailure } from '../errors';
import { PolicyStore } from '../auth/policy';
import { actorOf, type CoreContext, type Session } from '../context';

interface LockState {
  lastActivity: number;
  locked: boolean;
}

/** Calls a locked session may still make: unlock, switch user, sign out, and harmless facts. */
const WHILE_LOCKED: ReadonlySet<Channel> = new Set<Channel>([
  'app:info',
  'session:setup-status',
  'session:current',
  'session:sign-in',
  'session:sign-out',
  'session:unlock',
  'session:lock',
  'session:waiting',
  'ui:attention',
]);

/** Calls open to a user whose password an administrator set: choosing their own, and leaving. */
const WHILE_PASSWORD_TEMPORARY: ReadonlySet<Channel> = new Set<Channel>([
  ...WHILE_LOCKED,
  'session:activity',
  'session:change-password',
  'hub:status',
]);

/** Background calls the UI makes on its own: they do not count as the user's activity. */
const PASSIVE: ReadonlySet<Channel> = new Set<Channel>([
  'app:info',
  'session:setup-status',
  'session:current',
  'hub:status',
  'ui:attention',
  'session:waiting',
  'hits:queue',
  'map:geojson',
  'audit:status',
  // Refreshed by the review screen when a hits:updated event arrives, not by the user.
  'workflow:state',
]);

/** Events that carry ALPR data (hits, hotlist entries with their notes, a hit to open). */
const DATA_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['hits:new', 'hits:updated', 'hits:overdue', 'hits:escalated', 'hotlist:changed', 'hits:focus']);

/** Events about the session itself and the link, which any session may get. */
const SESSION_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['hub:state', 'session:ended', 'session:locked', 'session:hit-waiting', 'settings:changed', 'hits:visibility-changed']);

/** Cleared for ALPR data: training recorded, the policy acknowledged, their own password. */
function isCleared(c: Clearance): boolean {
  return c.trained && c.policyAcknowledged && !c.passwordChangeRequired;
}

export class SessionGuard {
  readonly policy: PolicyStore;
  private readonly states = new WeakMap<Session, LockState>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly ctx: CoreContext) {
    this.policy = new PolicyStore(ctx.db, ctx.now);
  }

  private state(session: Session): LockState {
    let s = this.states.get(session);
    if (!s) {
      s = { lastActivity: this.ctx.now().getTime(), locked: false };
      this.states.set(session, s);
    }
    return s;
  }

  isLocked(session: Session): boolean {
    return session.user !== null && this.state(session).locked;
  }

  /** A fresh start for a session that just signed in or unlocked. */
  started(session: Session): void {
    this.states.set(session, { lastActivity: this.ctx.now().getTime(), locked: false });
  }

  clearance(user: User): Clearance {
    const { version } = this.policy.current();
    const row = this.ctx.db
      .prepare<[number], { training_date: string | null; must_change_password: number }>('SELECT training_date, must_change_password FROM users WHERE id = ?')
      .get(user.id);
    return {
      trained: !!row?.training_date,
      policyAcknowledged: this.policy.acknowledgedAt(user.id) !== null,
      policyVersion: version,
      passwordChangeRequired: row?.must_change_password === 1,
    };
  }

  cleared(user: User): boolean {
    return isCleared(this.clearance(user));
  }

  /** The session-lock timeout in ms, or null when the dispatch-center exemption is on. */
  private timeoutMs(): number | null {
    const s = this.policy.settings();
    return s.dispatchCenterExemption ? null : s.lockAfterMinutes * 60_000;
  }

  /** Locks idle sessions; true when this one is (now) locked. */
  private async checkIdle(session: Session): Promise<boolean> {
    if (!session.user) return false;
    const st = this.state(session);
    if (st.locked) return true;
    const limit = this.timeoutMs();
    if (limit !== null && this.ctx.now().getTime() - st.lastActivity >= limit) {
      await this.lock(session, 'inactivity');
      return true;
    }
    return false;
  }

  async lock(session: Session, reason: 'inactivity' | 'manual'): Promise<void> {
    const user = session.user;
    if (!user) return;
    const st = this.state(session);
    if (st.locked) return;
    st.locked = true;
    await this.ctx.appendAudit({ action: 'session.lock', outcome: 'ok', actor: actorOf(user), ip: session.ip, data: { reason } });
    session.listener?.('session:locked', { reason });
  }

  /**
   * Runs before every call (after the role check): refuses what the lock or the training gate
   * forbids, and counts the call as activity.
   */
  async before(session: Session, channel: Channel, isData: boolean): Promise<void> {
    const user = session.user;
    if (!user) return;
    if ((await this.checkIdle(session)) && !WHILE_LOCKED.has(channel)) {
      if (isData) await this.refusal(session, user, channel, 'locked');
      throw new CallFailure('unauthenticated', 'the console is locked; unlock it with your password');
    }
    const gated = !WHILE_PASSWORD_TEMPORARY.has(channel);
    // A data call reads the whole clearance once; any other call only the password's state.
    const c = isData ? this.clearance(user) : null;
    if (gated && (c ? c.passwordChangeRequired : this.ctx.users.passwordChangeRequired(user.id))) {
      await this.refusal(session, user, channel, 'password change required');
      throw new CallFailure('forbidden', 'choose your own password first: an administrator set the one you signed in with');
    }
    if (c && !isCleared(c)) {
      await this.refusal(session, user, channel, 'not cleared');
      throw new CallFailure('forbidden', 'ALPR data needs recorded training and an acknowledged usage and privacy policy');
    }
    if (!PASSIVE.has(channel) && !this.state(session).locked) this.state(session).lastActivity = this.ctx.now().getTime();
  }

  private async refusal(session: Session, user: User, channel: Channel, reason: string): Promise<void> {
    await this.ctx.appendAudit({ action: channel, outcome: 'refused', actor: actorOf(user), ip: session.ip, data: { reason } });
  }

  /**
   * Whether an event may go to this session now: its own state and the link's always; nothing
   * else while locked or with a password an administrator set; ALPR data only when cleared
   * (training, policy) and of a hotlist category its role may see.
   */
  mayReceive(session: Session, name: EventName, payload: unknown): boolean {
    if (SESSION_EVENTS.has(name)) return true;
    const user = session.user;
    // Nothing else while locked or before the user has chosen their own password.
    if (!user || this.isLocked(session)) return false;
    if (!DATA_EVENTS.has(name)) return !this.ctx.users.passwordChangeRequired(user.id);
    if (!this.cleared(user)) return false;
    const item = (payload as { item?: QueueItem; list?: string; entry?: { list?: string } } | null) ?? {};
    const list = item.item?.list ?? item.list ?? item.entry?.list;
    return typeof list !== 'string' || this.policy.listVisible(user.role, list);
  }

  /** Filters queue items by the role's hotlist categories. */
  visibleItems<T extends { list: string }>(role: Role, items: T[]): T[] {
    const allowed = this.policy.settings().roleLists[role];
    if (allowed == null) return items;
    const set = new Set(allowed.map((l) => l.toLowerCase()));
    return items.filter((i) => set.has(i.list.toLowerCase()));
  }

  /** Ends a session: signed out, told why. */
  end(session: Session, reason: string): void {
    session.user = null;
    this.states.delete(session);
    session.listener?.('session:ended', { reason });
  }

  /** Locks every idle session now (the timer's work; tests call it after moving the clock). */
  async tick(): Promise<void> {
    for (const s of [...this.ctx.sessions()]) {
      await this.checkIdle(s).catch((err: unknown) => this.ctx.log(`session lock check failed: ${String(err)}`));
    }
  }

  start(everyMs = 15_000): void {
    this.timer = setInterval(() => void this.tick(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/**
 * A call on a hit from a list this role may not see (`hits:open`, a workflow step, a hold):
 * the same answer as no such hit, recorded under the call's own action.
 */
export async function refuseHiddenHit(ctx: CoreContext, guard: SessionGuard, hitId: string, session: Session, action = 'hits:open'): Promise<void> {
  const item = ctx.hits.queueItem(hitId);
  const user = session.user!;
  if (!item || guard.visibleItems(user.role, [item]).length === 1) return;
  await ctx.appendAudit({ action, outcome: 'refused', actor: actorOf(user), ip: session.ip, data: { hitId, plate: item.plate, state: item.state, reason: 'list not visible to role' } });
  throw new CallFailure('not-found', 'no such hit');
}
