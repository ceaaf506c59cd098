/**
 * The console core: every product rule, behind one entry point, `dispatch(session, channel,
 * input)`. Transports (Electron IPC, the headless socket) only open sessions and pass calls
 * through; they never decide anything themselves. The handlers live with their domain
 * (session/, hits/ ...) and are merged here.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  calls,
  CHANNELS,
  EVENT_NAMES,
  AUDIT_READERS,
  HIT_WORKERS,
  SUPERVISORS,
  isChannel,
  auditActionOf,
  roleAllowed,
  type CallResult,
  type Channel,
  type EventName,
  type EventPayload,
  type HubState,
  type QueueItem,
} from '../contract';
import { describeIssues, mostUrgent } from '../contract/hub';
import { openDatabase, type DB } from './db/open';
import { GroupCommitter } from './db/group-commit';
import { consoleMigrations } from './db/migrations';
import { AuditLog, type AuditEntry } from './audit/log';
import { Users, parseBootstrapUser, type NewUser } from './auth/users';
import { HitStore } from './hits/store';
import { HubClient } from './hub-client/client';
import { FieldCipher } from './util/field-crypto';
import { CallFailure } from './errors';
import type { NotifySink } from './notify/notifier';
import { actorOf, type CoreContext, type CoreModule, type EventAccess, type Handlers, type Listener, type Session } from './context';
import { NO_HUB, sessionHandlers } from './session/handlers';
import { adminHandlers } from './session/admin-handlers';
import { SessionGuard, refuseHiddenHit } from './session/guard';
import { hitHandlers } from './hits/handlers';
import { Workflow } from './workflow/workflow';
import { workflowHandlers } from './workflow/handlers';
import { auditHandlers } from './audit/handlers';
import { AuditTrail } from './audit/trail';
import { shiftLogModule } from './shiftlog/module';
import { reportsModule } from './reports/module';
import { searchModule } from './search/module';
import { recordsModule } from './records/module';
import { settingsModule } from './settings/module';
import { SettingsStore } from './settings/store';
import { DesktopAlerts } from './notify/alerts';
import { ocrModule } from './ocr/module';
import { dropTrainingHits } from './records/retention';
import { randomAuditModule } from './random-audit/module';

export interface HubLink {
  url: string;
  token: string;
  /** Stable name of the hub in the store (its URL, or `builtin-training`). */
  hubKey: string;
  training: boolean;
}

export interface CoreOptions {
  dataDir: string;
  workstationId: string;
  hub: HubLink | null;
  mode: 'electron' | 'headless';
  version: string;
  agencyName: string;
  mapGeoJsonPath?: string;
  bootstrapUser?: string;
  notify?: NotifySink;
  log?: (line: string) => void;
  now?: () => Date;
  /** The data key, already unsealed by the shell (safeStorage or passphrase); absent: the 0600 key file. */
  dataKey?: Buffer;
  /** Environment for settings overrides and IT's provisioning file (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** The plate reading model, or an ensemble's member files, for the second reading of each hit (default: the shipped set in assets/models). */
  ocrModelPath?: string | readonly string[];
  /** How often the audit chain is checkpointed and sent upstream (default 5 min). */
  checkpointEveryMs?: number;
  /** Unsent audit records older than this raise the supervisors' alarm (default 1 h). */
  unsentAlarmAfterMs?: number;
  alarmCheckEveryMs?: number;
}

export interface SessionHandle {
  readonly id: string;
  subscribe(listener: Listener): void;
  close(): void;
  /** The address audit records carry for this session from now on (a workstation's changed). */
  setAddress(ip: string | null): void;
}

/**
 * Calls that reveal ALPR data: a refusal of one of these (role, invalid input, missing
 * purpose) is itself an audit record. The hit queue and workflow, plus every call the
 * contract marks `reveals`.
 */
const DATA_CHANNELS: ReadonlySet<Channel> = new Set<Channel>([
  'hits:queue',
  'hits:open',
  ...CHANNELS.filter((c) => c.startsWith('workflow:') && c !== 'workflow:settings' && c !== 'workflow:update-settings'),
  ...CHANNELS.filter((c) => (calls[c] as { reveals?: boolean }).reveals === true),
]);

/** Which events a session may receive, by role (the modules add their own). */
const BASE_EVENT_ACCESS: Partial<Record<EventName, EventAccess>> = {
  'hub:state': 'signed-in',
  'hits:new': HIT_WORKERS,
  'hits:updated': HIT_WORKERS,
  'hits:overdue': HIT_WORKERS,
  'hits:escalated': SUPERVISORS,
  'hits:visibility-changed': HIT_WORKERS,
  'session:ended': 'signed-in',
  'session:locked': 'signed-in',
  'session:hit-waiting': 'signed-in',
  'audit:alarm': AUDIT_READERS,
};

export class Core {
  readonly db: DB;
  readonly audit: AuditLog;
  readonly users: Users;
  readonly hits: HitStore;
  readonly hub: HubClient | null;
  readonly workflow: Workflow;
  readonly trail: AuditTrail;
  /** Session lock, training gate and hotlist categories per role (session/guard.ts). */
  readonly guard: SessionGuard;
  /** What the modules are handed; kept for work at open (dropping training hits). */
  private readonly ctx: CoreContext;
  /** Workstation settings and per-user preferences (settings/store.ts). */
  readonly settings: SettingsStore;
  /** Desktop notifications, their clicks and the tray count (notify/alerts.ts). */
  readonly desktop: DesktopAlerts;
  private readonly sessionsById = new Map<string, Session>();
  private readonly log: (line: string) => void;
  private readonly handlers: Handlers;
  private readonly modules: CoreModule<Channel>[];
  private readonly eventAccess: Partial<Record<EventName, EventAccess>>;
  private readonly committer: GroupCommitter;
  private closed = false;

  private constructor(readonly opts: CoreOptions) {
    this.log = opts.log ?? (() => {});
    const now = opts.now ?? (() => new Date());
    this.db = openDatabase(path.join(opts.dataDir, 'console.sqlite'), { migrations: consoleMigrations });
    this.committer = new GroupCommitter(this.db);
    const cipher = opts.dataKey ? FieldCipher.fromKey(opts.dataKey) : FieldCipher.forDataDir(opts.dataDir);
    this.audit = new AuditLog(this.db, opts.workstationId, now);
    this.users = new Users(this.db, now);
    this.hits = new HitStore(this.db, cipher, now);
    this.hub = opts.hub
      ? new HubClient({
          url: opts.hub.url,
          hubKey: opts.hub.hubKey,
          token: opts.hub.token,
          training: opts.hub.training,
          workstationId: opts.workstationId,
          db: this.db,
          hits: this.hits,
          log: this.log,
          now,
        })
      : null;
    const ctx: CoreContext = {
      opts,
      db: this.db,
      audit: this.audit,
      users: this.users,
      hits: this.hits,
      hub: this.hub,
      log: this.log,
      now,
      broadcast: (name, payload) => this.broadcast(name, payload),
      commit: (work) => this.commit(work),
      appendAudit: (entry) => this.appendAudit(entry),
      recordsWritten: () => this.hub?.kick(),
      sessions: () => this.sessionsById.values(),
      visibleItems: (role, items) => this.guard.visibleItems(role, items),
      listsOf: (role) => this.guard.policy.settings().roleLists[role] ?? null,
      refuseHiddenHit: (hitId, session, action) => refuseHiddenHit(ctx, this.guard, hitId, session, action),
    };
    this.ctx = ctx;
    this.guard = new SessionGuard(ctx);
    this.trail = new AuditTrail({
      db: this.db,
      audit: this.audit,
      dataDir: opts.dataDir,
      workstationId: opts.workstationId,
      hub: this.hub,
      log: this.log,
      now,
      commit: (work) => this.commit(work),
      onAlarm: (alarm) => this.broadcast('audit:alarm', alarm),
      checkpointEveryMs: opts.checkpointEveryMs,
      unsentAlarmAfterMs: opts.unsentAlarmAfterMs,
      alarmCheckEveryMs: opts.alarmCheckEveryMs,
    });
    this.workflow = new Workflow(ctx, cipher);
    this.settings = new SettingsStore(opts.dataDir, { env: opts.env });
    this.desktop = new DesktopAlerts({
      sink: opts.notify,
      prefs: () => this.settings.notifications(),
      now,
      sessions: () => this.sessionsById.values(),
      isLocked: (session) => this.guard.isLocked(session),
      seesHits: (session) => this.guard.mayReceive(session, 'hits:new', {}) && roleAllowed(this.eventAccess['hits:new']!, session.user?.role ?? null),
      db: this.db,
      focusEvent: (hitId) => this.broadcast('hits:focus', { hitId }),
      log: this.log,
    });
    this.modules = [shiftLogModule(ctx), reportsModule(ctx), searchModule(ctx), recordsModule(ctx), settingsModule(ctx, this.settings), ocrModule(ctx, { modelPath: opts.ocrModelPath }), randomAuditModule(ctx)] as CoreModule<Channel>[];
    this.handlers = {
      ...sessionHandlers(ctx, this.guard, (user, session) => this.workflow.releaseHeldBy(user, session)),
      ...adminHandlers(ctx, this.guard, (user, session) => this.workflow.releaseHeldBy(user, session)),
      ...hitHandlers(ctx, this.workflow),
      ...workflowHandlers(ctx, this.workflow),
      ...auditHandlers(ctx, this.trail),
      ...Object.assign({}, ...this.modules.map((m) => m.handlers)),
    } as Handlers;
    const missing = CHANNELS.filter((c) => typeof this.handlers[c] !== 'function');
    if (missing.length) throw new Error(`no handler for ${missing.join(', ')}`);
    this.eventAccess = Object.assign({}, BASE_EVENT_ACCESS, ...this.modules.map((m) => m.eventAccess ?? {}));
    const unguarded = EVENT_NAMES.filter((e) => !this.eventAccess[e]);
    if (unguarded.length) throw new Error(`no access rule for event ${unguarded.join(', ')}`);
  }

  static async open(opts: CoreOptions): Promise<Core> {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const core = new Core(opts);
    try {
      if (opts.bootstrapUser) await core.bootstrapIfWanted(opts.bootstrapUser);
      if (core.users.count() > 0 && core.users.activeAdmins() === 0) {
        core.log(
          'WARNING: this console has no administrator who can sign in: nobody can add users, reset passwords or record training. Start it once with ALPR_CONSOLE_BOOTSTRAP_USER=name:password:admin to add one.',
        );
      }
    } catch (err) {
      core.db.close();
      throw err;
    }
    // Simulated hits never wait in a live queue (boot.ts starts the training hub only without one).
    if (opts.hub && !opts.hub.training) await dropTrainingHits(core.ctx);
    core.wireHub();
    core.workflow.start();
    core.trail.start();
    core.guard.start();
    for (const m of core.modules) m.start?.();
    return core;
  }

  /**
   * The bootstrap user is created on a console with no users, or, to recover a console left
   * without an administrator (the first user bootstrapped as a dispatcher, say), when it names
   * a new administrator. Otherwise it is ignored, and the log says why.
   */
  private async bootstrapIfWanted(spec: string): Promise<void> {
    if (this.users.count() === 0) return this.bootstrap(parseBootstrapUser(spec, this.ctx.now()));
    let input: NewUser;
    try {
      input = parseBootstrapUser(spec, this.ctx.now());
    } catch (err) {
      // Left in the environment of a console that has its users: not worth refusing a start.
      this.log(`ALPR_CONSOLE_BOOTSTRAP_USER ignored: ${(err as Error).message}`);
      return;
    }
    if (input.role === 'admin' && this.users.activeAdmins() === 0 && !this.users.exists(input.username)) return this.bootstrap(input);
    this.log(
      this.users.exists(input.username)
        ? `ALPR_CONSOLE_BOOTSTRAP_USER ignored: user ${input.username} exists already`
        : `ALPR_CONSOLE_BOOTSTRAP_USER ignored: the console has users already${input.role === 'admin' ? ' and an administrator' : ''}; add users in Administration`,
    );
  }

  private async bootstrap(input: NewUser): Promise<void> {
    await this.users.create(input, (insert) =>
      this.db.transaction(() => {
        const user = insert();
        this.audit.append({
          action: 'user.create',
          outcome: 'ok',
          actor: null,
          ip: null,
          data: { username: user.username, role: user.role, via: 'ALPR_CONSOLE_BOOTSTRAP_USER' },
        });
        if (input.trainingDate) {
          // Provisioning may carry the training date; the policy is still acknowledged at first sign-in.
          this.users.recordTraining(user.id, { date: input.trainingDate, course: 'recorded at provisioning', trainer: 'IT, when the console was set up' });
          this.audit.append({ action: 'user.training', outcome: 'ok', actor: null, ip: null, data: { userId: user.id, username: user.username, date: input.trainingDate, via: 'ALPR_CONSOLE_BOOTSTRAP_USER' } });
        }
        return user;
      })(),
    );
    this.log(`created bootstrap user ${input.username} (${input.role})`);
  }

  private wireHub(): void {
    const hub = this.hub;
    if (!hub) return;
    hub.on('state', (state) => this.broadcast('hub:state', state));
    // Recorded for IT and the supervisors: the hub's numbering changed under this console
    // (restored hub), and how many hits it had stored that the hub no longer numbers so.
    hub.on('resync', (r) => this.audit.append({ action: 'hub.resync', outcome: 'ok', actor: null, ip: null, data: r }));
    hub.on('hits', (fresh) => {
      this.workflow.adopt(fresh.map((h) => h.id));
      const items = this.hits.queueItems(fresh.map((h) => h.id));
      for (const item of items) this.broadcast('hits:new', item);
      this.tellLockedSessions('new', items);
      this.notifyIfUnattended(items);
    });
    hub.start();
  }

  /**
   * A locked session gets no hit, but it must not stay silent: a cleared user's lock screen
   * hears that hits of its categories wait (or are still not opened, for the roles the
   * escalation is for), and how urgent, so it sounds and says "unlock".
   */
  private tellLockedSessions(kind: 'new' | 'not-opened', items: QueueItem[], access: EventAccess = 'signed-in'): void {
    for (const s of this.sessionsById.values()) {
      const user = s.user;
      if (!s.listener || !user || !this.guard.isLocked(s) || !this.guard.cleared(user) || !roleAllowed(access, user.role)) continue;
      const waiting = this.guard.visibleItems(user.role, items);
      if (waiting.length === 0) continue;
      s.listener('session:hit-waiting', { kind, count: waiting.length, priority: mostUrgent(waiting.map((i) => i.priority)) });
    }
  }

  private notifyIfUnattended(items: QueueItem[]): void {
    this.desktop.newHits(items);
  }

  openSession(info: { ip: string | null }): SessionHandle {
    const session: Session = { id: crypto.randomUUID(), ip: info.ip, user: null, focused: true, listener: null };
    this.sessionsById.set(session.id, session);
    return {
      id: session.id,
      subscribe: (listener) => {
        session.listener = listener;
      },
      close: () => {
        this.sessionsById.delete(session.id);
      },
      setAddress: (ip) => {
        session.ip = ip;
      },
    };
  }

  private broadcast<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.desktop.observe(name, payload);
    for (const s of this.sessionsById.values()) {
      if (s.listener && roleAllowed(this.eventAccess[name]!, s.user?.role ?? null) && this.guard.mayReceive(s, name, payload)) s.listener(name, payload);
    }
    // A hit nobody opened sounds again at an unlocked console; a locked one must sound too.
    if (name === 'hits:overdue' || name === 'hits:escalated') {
      this.tellLockedSessions('not-opened', [(payload as EventPayload<'hits:overdue'>).item], this.eventAccess[name]);
    }
  }

  /** The one entry point for every UI call: validate, authorise, run, validate the answer. */
  async dispatch(sessionId: string, channel: unknown, input: unknown): Promise<CallResult<unknown>> {
    const session = this.sessionsById.get(sessionId);
    if (!session) return { ok: false, error: { code: 'unauthenticated', message: 'no such session' } };
    if (!isChannel(channel)) {
      this.log(`refused a call on an unknown channel: ${JSON.stringify(String(channel)).slice(0, 80)}`);
      return { ok: false, error: { code: 'unknown-channel', message: `unknown channel ${String(channel).slice(0, 80)}` } };
    }
    const spec = calls[channel];
    try {
      if (!roleAllowed(spec.access, session.user?.role ?? null)) {
        const code = session.user ? 'forbidden' : 'unauthenticated';
        if (DATA_CHANNELS.has(channel)) await this.auditAttempt(session, channel, input, code);
        throw new CallFailure(code, session.user ? 'your role does not allow this' : 'sign in first');
      }
      await this.guard.before(session, channel, DATA_CHANNELS.has(channel));
      const parsed = spec.input.safeParse(input);
      if (!parsed.success) {
        const issues = describeIssues(parsed.error);
        if (DATA_CHANNELS.has(channel)) await this.auditAttempt(session, channel, input, 'invalid-input', issues);
        this.log(`refused ${channel}: invalid input (${issues.slice(0, 3).join('; ').slice(0, 300)})`);
        throw new CallFailure('invalid-input', `invalid input for ${channel}`, issues);
      }
      const handler = this.handlers[channel] as (i: unknown, s: Session) => unknown;
      const value = await handler(parsed.data, session);
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        this.log(`${channel} produced an answer outside the contract: ${describeIssues(checked.error).join('; ')}`);
        throw new CallFailure('internal', 'the console produced an invalid answer; see the application log');
      }
      return { ok: true, value: checked.data };
    } catch (err) {
      if (err instanceof CallFailure) return { ok: false, error: err.toError() };
      this.log(`${channel} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      // The attempt stays on the record even when what it did was rolled back.
      if (DATA_CHANNELS.has(channel)) {
        await this.auditAttempt(session, channel, input, 'the console could not complete this', undefined, 'failed').catch((e: Error) =>
          this.log(`could not record the failed ${channel}: ${e.message}`),
        );
      }
      return { ok: false, error: { code: 'internal', message: 'the console could not complete this; see the application log' } };
    }
  }

  /**
   * A data call that was refused (role, invalid input) or failed inside the console, as an
   * audit record. `problems`: for invalid input, what was wrong (e.g. "purpose: Required"), so
   * the record says why a lookup was refused; the data elements the call named plainly (hit,
   * plate, pattern) go with it.
   */
  private async auditAttempt(
    session: Session,
    channel: Channel,
    input: unknown,
    reason: string,
    problems?: string[],
    outcome: 'refused' | 'failed' = 'refused',
  ): Promise<void> {
    const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
    const elements: Record<string, string> = {};
    for (const k of ['hitId', 'plate', 'pattern'] as const) {
      const v = given[k];
      if (typeof v === 'string') elements[k] = v.slice(0, 100);
    }
    // A hit named by id: its plate goes on the record, so a search by plate finds the attempt.
    const hit = elements.hitId && !elements.plate ? this.hits.queueItem(elements.hitId) : null;
    if (hit) Object.assign(elements, { plate: hit.plate, state: hit.state });
    await this.appendAudit({
      action: auditActionOf(channel),
      outcome,
      actor: session.user ? actorOf(session.user) : null,
      ip: session.ip,
      data: { reason, ...(problems?.length ? { problems: problems.slice(0, 5).map((p) => p.slice(0, 200)) } : {}), ...elements },
    });
  }

  private async commit<T>(work: () => T): Promise<T> {
    try {
      return await this.committer.run(work);
    } finally {
      this.hub?.kick();
    }
  }

  private async appendAudit(entry: AuditEntry): Promise<void> {
    await this.commit(() => this.audit.append(entry));
  }

  hubState(): HubState {
    return this.hub?.state ?? NO_HUB;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.sessionsById.values()) s.listener?.('session:ended', { reason: 'the console is shutting down' });
    this.sessionsById.clear();
    this.workflow.stop();
    this.trail.stop();
    this.guard.stop();
    // A module may still be writing (a second reading in flight): the database closes after it.
    await Promise.all(this.modules.map((m) => m.stop?.()));
    // A clean shutdown leaves a checkpoint of everything written, for the next verify.
    this.trail.checkpoints.take();
    await this.hub?.stop();
    this.db.close();
  }
}
