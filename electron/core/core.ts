/**
 * The console core: every product rule, behind one entry point, `dispatch(session, channel,
 * input)`. Transports (Electron IPC, the headless socket) only open sessions and pass calls
 * through; they never decide anything themselves.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  calls,
  HIT_WORKERS,
  isChannel,
  PURPOSE_HIT_CONFIRMATION,
  roleAllowed,
  type CallResult,
  type Channel,
  type CallOutput,
  type EventName,
  type EventPayload,
  type QueueItem,
  type Role,
  type User,
} from '../contract';
import { describeIssues } from '../contract/hub';
import { openDatabase, type DB } from './db/open';
import { consoleMigrations } from './db/migrations';
import { AuditLog, type Actor, type AuditEntry } from './audit/log';
import { Users, UserError, parseBootstrapUser } from './auth/users';
import { HitStore } from './hits/store';
import { HubClient } from './hub-client/client';
import { FieldCipher } from './util/field-crypto';
import { CallFailure } from './errors';
import { describeHit, type NotifySink } from './notify/notifier';
import { assetPath } from './util/paths';

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
}

type Listener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

interface Session {
  id: string;
  ip: string | null;
  user: User | null;
  focused: boolean;
  listener: Listener | null;
}

export interface SessionHandle {
  readonly id: string;
  subscribe(listener: Listener): void;
  close(): void;
}

type Handler<C extends Channel> = (
  input: import('zod').infer<(typeof calls)[C]['input']>,
  session: Session,
) => Promise<CallOutput<C>> | CallOutput<C>;
type Handlers = { [C in Channel]: Handler<C> };

/** Calls that reveal ALPR data: a refusal of one of these is itself an audit record. */
const DATA_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['hits:queue', 'hits:open']);

/** Which events a session may receive, by role. */
const EVENT_ACCESS: Record<EventName, 'signed-in' | readonly Role[]> = {
  'hub:state': 'signed-in',
  'hits:new': HIT_WORKERS,
  'hits:updated': HIT_WORKERS,
  'session:ended': 'signed-in',
};

function actorOf(user: User): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    badge: user.badge,
    agency: user.agency,
  };
}

export class Core {
  readonly db: DB;
  readonly audit: AuditLog;
  readonly users: Users;
  readonly hits: HitStore;
  readonly hub: HubClient | null;
  private readonly sessions = new Map<string, Session>();
  private readonly log: (line: string) => void;
  private readonly handlers: Handlers;
  private closed = false;

  private constructor(readonly opts: CoreOptions) {
    this.log = opts.log ?? (() => {});
    const now = opts.now ?? (() => new Date());
    this.db = openDatabase(path.join(opts.dataDir, 'console.sqlite'), { migrations: consoleMigrations });
    const cipher = FieldCipher.forDataDir(opts.dataDir);
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
    this.handlers = this.makeHandlers();
  }

  static async open(opts: CoreOptions): Promise<Core> {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const core = new Core(opts);
    try {
      if (opts.bootstrapUser && core.users.count() === 0) await core.bootstrap(opts.bootstrapUser);
    } catch (err) {
      core.db.close();
      throw err;
    }
    core.wireHub();
    return core;
  }

  private async bootstrap(spec: string): Promise<void> {
    const input = parseBootstrapUser(spec);
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
        return user;
      })(),
    );
    this.log(`created bootstrap user ${input.username} (${input.role})`);
  }

  private wireHub(): void {
    const hub = this.hub;
    if (!hub) return;
    hub.on('state', (state) => this.broadcast('hub:state', state));
    hub.on('hits', (fresh) => {
      const items = fresh.map((h) => this.hits.queueItem(h.id)).filter((i): i is QueueItem => i !== null);
      for (const item of items) this.broadcast('hits:new', item);
      this.notifyIfUnattended(items);
    });
    hub.start();
  }

  private notifyIfUnattended(items: QueueItem[]): void {
    const notify = this.opts.notify;
    if (!notify || items.length === 0) return;
    const watched = [...this.sessions.values()].some((s) => s.user && s.focused);
    if (watched) return;
    for (const item of items.slice(0, 3)) notify(describeHit(item));
  }

  openSession(info: { ip: string | null }): SessionHandle {
    const session: Session = { id: crypto.randomUUID(), ip: info.ip, user: null, focused: true, listener: null };
    this.sessions.set(session.id, session);
    return {
      id: session.id,
      subscribe: (listener) => {
        session.listener = listener;
      },
      close: () => {
        this.sessions.delete(session.id);
      },
    };
  }

  private broadcast<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const s of this.sessions.values()) {
      const access = EVENT_ACCESS[name];
      if (s.listener && roleAllowed(access, s.user?.role ?? null)) s.listener(name, payload);
    }
  }

  /** The one entry point for every UI call: validate, authorise, run, validate the answer. */
  async dispatch(sessionId: string, channel: unknown, input: unknown): Promise<CallResult<unknown>> {
    const session = this.sessions.get(sessionId);
    if (!session) return { ok: false, error: { code: 'unauthenticated', message: 'no such session' } };
    if (!isChannel(channel)) {
      this.log(`refused a call on an unknown channel: ${JSON.stringify(String(channel)).slice(0, 80)}`);
      return { ok: false, error: { code: 'unknown-channel', message: `unknown channel ${String(channel).slice(0, 80)}` } };
    }
    const spec = calls[channel];
    try {
      if (!roleAllowed(spec.access, session.user?.role ?? null)) {
        const code = session.user ? 'forbidden' : 'unauthenticated';
        if (DATA_CHANNELS.has(channel)) this.auditRefusal(session, channel, input, code);
        throw new CallFailure(code, session.user ? 'your role does not allow this' : 'sign in first');
      }
      const parsed = spec.input.safeParse(input);
      if (!parsed.success) {
        throw new CallFailure('invalid-input', `invalid input for ${channel}`, describeIssues(parsed.error));
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
      return { ok: false, error: { code: 'internal', message: 'the console could not complete this; see the application log' } };
    }
  }

  private auditRefusal(session: Session, channel: Channel, input: unknown, reason: string): void {
    const hitId = (input as { hitId?: unknown } | null)?.hitId;
    this.appendAudit({
      action: channel,
      outcome: 'refused',
      actor: session.user ? actorOf(session.user) : null,
      ip: session.ip,
      data: { reason, ...(typeof hitId === 'string' ? { hitId: hitId.slice(0, 100) } : {}) },
    });
  }

  private appendAudit(entry: AuditEntry): void {
    this.audit.append(entry);
    this.hub?.kick();
  }

  private makeHandlers(): Handlers {
    const needsSetup = () => this.users.count() === 0;
    return {
      'app:info': () => ({
        version: this.opts.version,
        workstationId: this.opts.workstationId,
        agencyName: this.opts.agencyName,
        training: this.opts.hub?.training ?? false,
        mode: this.opts.mode,
      }),
      'session:setup-status': () => ({ needsSetup: needsSetup() }),
      'session:create-first-admin': async (input, session) => {
        if (!needsSetup()) throw new CallFailure('conflict', 'this console already has users; sign in instead');
        try {
          const user = await this.users.create({ ...input, role: 'admin' }, (insert) =>
            this.db.transaction(() => {
              if (!needsSetup()) throw new CallFailure('conflict', 'this console already has users; sign in instead');
              const created = insert();
              this.audit.append({
                action: 'user.create',
                outcome: 'ok',
                actor: actorOf(created),
                ip: session.ip,
                data: { username: created.username, role: created.role, via: 'first-run setup' },
              });
              this.audit.append({ action: 'session.sign-in', outcome: 'ok', actor: actorOf(created), ip: session.ip, data: {} });
              return created;
            })(),
          );
          this.hub?.kick();
          session.user = user;
          return { user };
        } catch (err) {
          if (err instanceof UserError) throw new CallFailure('invalid-input', err.message, err.details);
          throw err;
        }
      },
      'session:sign-in': async ({ username, password }, session) => {
        const user = await this.users.authenticate(username, password);
        this.appendAudit({
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
      'session:sign-out': (_input, session) => {
        if (session.user) {
          this.appendAudit({ action: 'session.sign-out', outcome: 'ok', actor: actorOf(session.user), ip: session.ip, data: {} });
        }
        session.user = null;
        return { ok: true as const };
      },
      'session:current': (_input, session) => ({ user: session.user }),
      'hub:status': () => this.hubState(),
      'hits:queue': () => ({ hits: this.hits.queue() }),
      'hits:open': ({ hitId }, session) => {
        const user = session.user!;
        const detail = this.db.transaction(() => {
          const item = this.hits.queueItem(hitId);
          if (!item) {
            this.audit.append({
              action: 'hits:open',
              outcome: 'refused',
              actor: actorOf(user),
              ip: session.ip,
              data: { hitId, reason: 'not-found' },
              purpose: PURPOSE_HIT_CONFIRMATION,
            });
            return null;
          }
          const record = this.audit.append({
            action: 'hits:open',
            outcome: 'granted',
            actor: actorOf(user),
            ip: session.ip,
            data: { hitId, plate: item.plate, state: item.state },
            purpose: PURPOSE_HIT_CONFIRMATION,
          });
          this.hits.markOpened(hitId, user.id);
          return this.hits.detail(hitId, record.id);
        })();
        this.hub?.kick();
        if (!detail) throw new CallFailure('not-found', 'no such hit');
        const item = this.hits.queueItem(hitId);
        if (item) this.broadcast('hits:updated', item);
        return detail;
      },
      'map:geojson': () => this.mapData(),
      'ui:attention': ({ focused }, session) => {
        session.focused = focused;
        return { ok: true as const };
      },
    };
  }

  hubState() {
    return (
      this.hub?.state ?? {
        state: 'offline' as const,
        since: new Date(0).toISOString(),
        url: null,
        training: false,
        lastError: 'no hub configured',
        lastSeq: 0,
      }
    );
  }

  private mapCache: { name: string; geojson: unknown } | null = null;
  private mapData(): { name: string; geojson: unknown } {
    if (!this.mapCache) {
      const file = this.opts.mapGeoJsonPath || assetPath('geo', 'training-city.geojson');
      try {
        this.mapCache = { name: path.basename(file), geojson: JSON.parse(fs.readFileSync(file, 'utf8')) };
      } catch (err) {
        throw new CallFailure('unavailable', `the map file ${file} cannot be read: ${(err as Error).message}`);
      }
    }
    return this.mapCache;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.sessions.values()) s.listener?.('session:ended', { reason: 'the console is shutting down' });
    this.sessions.clear();
    await this.hub?.stop();
    this.db.close();
  }
}
