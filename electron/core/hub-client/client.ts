/**
 * The console's link to the hub (socket.io-client, namespace /console).
 * - Resumes: every (re)connect sends the last sequence stored, read fresh from SQLite.
 * - Persist-then-ack: hits arriving together are committed in one transaction, and only then
 *   acknowledged, so a hit the hub counts as delivered is on this disk.
 * - Drops duplicates by id; refuses malformed hits with a clear acknowledgement and stores
 *   nothing of them.
 * - Forwards the audit outbox (`audit:append`) until the hub acknowledges every record.
 * - Disk full (or any write failure): the hits are refused, so the hub keeps them; the link is
 *   dropped at once so no later hit can be stored past a refused one (lastSeq stays gap-free);
 *   `storageError` says so in the state; a small test write every `storageRetryMs` finds out
 *   when space is back, and the link comes back by itself and the hub resends from lastSeq.
 */
import { socketParser } from '../../transport/socket-parser';
import { EventEmitter } from 'node:events';
import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import {
  HUB_NAMESPACE,
  HUB_PROTOCOL_VERSION,
  auditAppendAckSchema,
  describeIssues,
  hitEscalateSchema,
  hitStatusSchema,
  hotlistUpdatedSchema,
  holdsChangedSchema,
  hubHitSchema,
  hubResyncSchema,
  type HitAck,
  type HubResync,
  type HubHit,
} from '../../contract/hub';
import type { HubState } from '../../contract';
import type { DB } from '../db/open';
import type { HitStore } from '../hits/store';
import { markForwarded, noteAcknowledged, outboxBatch } from '../audit/log';
import { DISK_FULL_MESSAGE, isStorageFull, probeWritable } from '../db/open';

export interface HubClientOptions {
  url: string;
  /** Names the hub in the store, so sequences of two different hubs never mix. */
  hubKey: string;
  workstationId: string;
  token: string;
  training: boolean;
  db: DB;
  hits: HitStore;
  log?: (line: string) => void;
  now?: () => Date;
  /** After this long without a link the console shows OFFLINE rather than reconnecting. */
  offlineAfterMs?: number;
  auditBatchSize?: number;
  ackTimeoutMs?: number;
  /** While hits cannot be stored, how often to test whether space came back (default 2 s). */
  storageRetryMs?: number;
  /**
   * After audit:append fails (no answer, a refusal, a malformed answer, a record that could not
   * be marked sent), the first wait before trying again (default 2 s, doubling to 1 minute):
   * records must not wait for the next lookup, which on a quiet console may be hours away.
   */
  auditRetryMs?: number;
}

export interface HubClientEvents {
  state: [HubState];
  hits: [HubHit[]];
  refused: [{ seq: unknown; id: unknown; problems: string[] }];
  'storage-error': [Error];
  forwarded: [number];
  resync: [HubResync & { setAside: number }];
}

type Pending = { hit: HubHit; ack: (a: HitAck) => void };

/** A value from the wire for a log line: short, and never throwing (junk may lack toString). */
function shortly(v: unknown): string {
  try {
    return (typeof v === 'string' ? v : (JSON.stringify(v) ?? typeof v)).slice(0, 80);
  } catch {
    return typeof v;
  }
}

/**
 * Hub -> console broadcasts with a schema: one that does not fit is refused here, logged, and
 * never reaches the domain that listens for it.
 */
const HUB_EVENT_SCHEMAS: Record<string, z.ZodTypeAny> = {
  'hit:status': hitStatusSchema,
  'hit:escalate': hitEscalateSchema,
  'hotlist:updated': hotlistUpdatedSchema,
  'holds:changed': holdsChangedSchema,
};

export class HubRequestError extends Error {
  constructor(
    readonly reason: 'offline' | 'timeout' | 'malformed',
    message: string,
  ) {
    super(message);
    this.name = 'HubRequestError';
  }
}

export class HubClient extends EventEmitter<HubClientEvents> {
  private socket: Socket | null = null;
  private readonly hubListeners: [string, (payload: unknown) => void][] = [];
  private pending: Pending[] = [];
  private flushScheduled = false;
  private forwarding = false;
  private offlineTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Set while hits cannot be stored: every hit is refused and the link stays down. */
  private storageError: string | null = null;
  private storageTimer: NodeJS.Timeout | null = null;
  private auditRetry: NodeJS.Timeout | null = null;
  /** The wait before the next audit:append retry; 0 after a success. */
  private auditRetryDelay = 0;
  /** The hub's last refusal of audit:append, logged once while it says the same. */
  private auditRefusal: string | null = null;
  private current: HubState;
  private readonly log: (line: string) => void;
  private readonly now: () => Date;

  constructor(private readonly opts: HubClientOptions) {
    super();
    this.log = opts.log ?? (() => {});
    this.now = opts.now ?? (() => new Date());
    this.current = this.makeState('connecting', null);
  }

  get state(): HubState {
    return { ...this.current, lastSeq: this.safeLastSeq(), storageError: this.storageError };
  }

  start(): void {
    this.stopped = false;
    const socket = io(this.opts.url.replace(/\/$/, '') + HUB_NAMESPACE, {
      parser: socketParser,
      // A function, so each reconnect reads the sequence as it is on disk now.
      auth: (cb) =>
        cb({
          protocol: HUB_PROTOCOL_VERSION,
          workstationId: this.opts.workstationId,
          token: this.opts.token,
          ...this.opts.hits.resumePoint(this.opts.hubKey),
        }),
      transports: ['websocket'],
      reconnectionDelay: 250,
      reconnectionDelayMax: 5000,
      randomizationFactor: 0.5,
      timeout: 5000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.setState('connected', null);
      void this.forwardAudit();
    });
    socket.on('disconnect', (reason) => {
      this.pending = [];
      if (!this.stopped) this.lost(this.storageError ?? `link lost (${reason})`);
    });
    socket.on('connect_error', (err) => {
      this.lost(connectErrorText(err));
      // A refusal by the hub's middleware (bad token, protocol) is not retried by socket.io
      // itself; an admin may fix the credentials, so keep trying slowly.
      if (!socket.active && !this.stopped) {
        this.retryTimer = setTimeout(() => socket.connect(), 10_000);
      }
    });
    socket.on('hit', (payload: unknown, ack?: (a: HitAck) => void) => this.receive(payload, ack));
    socket.on('hub:resync', (payload: unknown) => this.resync(payload));
    for (const [event, fn] of this.hubListeners) socket.on(event, fn);
    this.setState('connecting', null);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.storageTimer) clearTimeout(this.storageTimer);
    this.storageTimer = null;
    if (this.auditRetry) clearTimeout(this.auditRetry);
    this.auditRetry = null;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.pending = [];
  }

  /**
   * One request/response with the hub (hit:claim, clets:query ...): the answer is validated
   * against `schema`; no link, a timeout or a malformed answer is a clear `HubRequestError`.
   */
  async request<T>(event: string, payload: unknown, schema: z.ZodType<T>, timeoutMs = this.opts.ackTimeoutMs ?? 10_000): Promise<T> {
    const socket = this.socket;
    if (!socket?.connected) throw new HubRequestError('offline', `the hub is not reachable (${event})`);
    let answer: unknown;
    try {
      answer = await socket.timeout(timeoutMs).emitWithAck(event, payload);
    } catch {
      throw new HubRequestError('timeout', `the hub did not answer ${event} within ${Math.round(timeoutMs / 1000)} s`);
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      this.log(`malformed answer to ${event}: ${describeIssues(parsed.error).join('; ')}`);
      throw new HubRequestError('malformed', `the hub's answer to ${event} was malformed`);
    }
    return parsed.data;
  }

  /** Fire-and-forget notices to the hub (hit:status ...); dropped while offline. */
  notify(event: string, payload: unknown): void {
    if (this.socket?.connected) this.socket.emit(event, payload);
  }

  /** Hub -> console broadcasts other than hits (hit:status, hotlist:updated ...). */
  onHubEvent(event: string, fn: (payload: unknown) => void): void {
    const schema = HUB_EVENT_SCHEMAS[event];
    const checked = schema
      ? (payload: unknown) => {
          const parsed = schema.safeParse(payload);
          if (parsed.success) return fn(payload);
          const problems = describeIssues(parsed.error);
          this.log(`refused a malformed ${event} from the hub: ${problems.slice(0, 5).join('; ')}`);
          this.emit('refused', { seq: undefined, id: undefined, problems });
        }
      : fn;
    this.hubListeners.push([event, checked]);
    this.socket?.on(event, checked);
  }

  /** The name this console files the hub's hits and acknowledgements under (its URL, or the training hub's). */
  get hubKey(): string {
    return this.opts.hubKey;
  }

  /** Called after the core writes audit records, so they reach the hub within moments. */
  kick(): void {
    void this.forwardAudit();
  }

  /**
   * The hub says this console's numbers are not its history (hubResyncSchema): hits stored
   * under its numbers above the resume point are set aside (kept), so the hits it sends next
   * are all taken. Runs before any hit of this connection is stored (events keep their order).
   */
  private resync(payload: unknown): void {
    const parsed = hubResyncSchema.safeParse(payload);
    if (!parsed.success) {
      // Hits are still taken: a number already used here sets its stored hit aside (HitStore).
      const problems = describeIssues(parsed.error);
      this.log(`refused a malformed hub:resync from the hub: ${problems.slice(0, 5).join('; ')}`);
      this.emit('refused', { seq: undefined, id: undefined, problems });
      return;
    }
    const r = parsed.data;
    let setAside: number;
    try {
      setAside = this.opts.hits.resync(this.opts.hubKey, r.resumeAfter, this.now());
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      this.log(`could not resynchronise with the hub: ${error.message}`);
      this.holdForStorage(error);
      this.emit('storage-error', error);
      return;
    }
    this.log(
      `the hub's history is not this console's (this console had hit ${r.consoleSeq}, the hub's newest is ${r.hubNewest}): ` +
        `taking every hit after ${r.resumeAfter} again; ${setAside} hit(s) stored here under later numbers are kept apart`,
    );
    this.emit('resync', { ...r, setAside });
  }

  private receive(payload: unknown, ack: ((a: HitAck) => void) | undefined): void {
    const reply = typeof ack === 'function' ? ack : () => {};
    if (this.storageError) {
      // Not stored means not acknowledged: the hub keeps it and sends it again.
      reply({ ok: false, error: `console storage failed: ${this.storageError}` });
      return;
    }
    const parsed = hubHitSchema.safeParse(payload);
    if (!parsed.success) {
      const p = payload !== null && typeof payload === 'object' ? (payload as { seq?: unknown; id?: unknown }) : null;
      const problems = describeIssues(parsed.error);
      this.log(`refused a malformed hit from the hub (seq ${shortly(p?.seq)}): ${problems.slice(0, 10).join('; ').slice(0, 2000)}`);
      this.emit('refused', { seq: p?.seq, id: p?.id, problems });
      reply({ ok: false, error: `malformed hit: ${problems.join('; ')}` });
      return;
    }
    this.pending.push({ hit: parsed.data as HubHit, ack: reply });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let fresh: HubHit[];
    try {
      fresh = this.opts.hits.insertBatch(
        this.opts.hubKey,
        batch.map((p) => p.hit),
      );
    } catch (err) {
      // Not stored means not acknowledged: the hub keeps these and sends them again.
      const error = err instanceof Error ? err : new Error(String(err));
      this.log(`could not store ${batch.length} hit(s): ${error.message}`);
      for (const p of batch) p.ack({ ok: false, error: `console storage failed: ${error.message}` });
      this.holdForStorage(error);
      this.emit('storage-error', error);
      return;
    }
    for (const p of batch) p.ack({ ok: true });
    if (fresh.length) this.emit('hits', fresh);
  }

  /**
   * Hits cannot be stored: refuse every hit from now on and drop the link, so the hub keeps
   * them all (none can be stored past a refused one), until a test write succeeds again.
   */
  private holdForStorage(error: Error): void {
    const message = isStorageFull(error) ? DISK_FULL_MESSAGE : `storage failed (${error.message}): hits are held at the hub`;
    const first = this.storageError === null;
    this.storageError = message;
    this.pending = [];
    if (this.socket?.connected) this.socket.disconnect();
    else if (first) this.emit('state', this.state);
    this.scheduleStorageProbe();
  }

  private scheduleStorageProbe(): void {
    if (this.storageTimer || this.stopped) return;
    this.storageTimer = setTimeout(() => {
      this.storageTimer = null;
      if (this.stopped || !this.storageError) return;
      try {
        probeWritable(this.opts.db);
      } catch {
        this.scheduleStorageProbe();
        return;
      }
      this.log(`storage writable again; reconnecting to the hub to take the hits it held`);
      this.storageError = null;
      this.emit('state', this.state);
      if (this.socket && !this.socket.connected) this.socket.connect();
    }, this.opts.storageRetryMs ?? 2000);
  }

  /** lastSeq as stored; a read that fails (damaged disk) must not break the state report. */
  private safeLastSeq(): number {
    try {
      return this.opts.hits.lastSeq(this.opts.hubKey);
    } catch {
      return this.current.lastSeq;
    }
  }

  private async forwardAudit(): Promise<void> {
    if (this.forwarding) return;
    this.forwarding = true;
    let failed = false;
    try {
      failed = !(await this.forwardBatches());
    } finally {
      this.forwarding = false;
    }
    if (failed) this.retryAuditLater();
    else this.auditRetryDelay = 0;
  }

  /** Tries again after a failed audit:append, waiting longer each time (reset by a success). */
  private retryAuditLater(): void {
    if (this.auditRetry || this.stopped) return;
    const first = this.opts.auditRetryMs ?? 2000;
    this.auditRetryDelay = this.auditRetryDelay === 0 ? first : Math.min(60_000, this.auditRetryDelay * 2);
    this.auditRetry = setTimeout(() => {
      this.auditRetry = null;
      void this.forwardAudit();
    }, this.auditRetryDelay);
  }

  /**
   * Sends the outbox in batches until it is empty (true) or a batch fails (false). Without a
   * link it stops (true): the reconnect sends again.
   */
  private async forwardBatches(): Promise<boolean> {
    // 2,000 records are well under a megabyte or two on the wire (the hub takes 16 MB and 10,000 a batch):
    // a long backlog drains in few round trips, each with its two fsyncs.
    const size = this.opts.auditBatchSize ?? 2_000;
    for (;;) {
      const socket = this.socket;
      if (!socket?.connected) return true;
      const batch = outboxBatch(this.opts.db, size);
      if (batch.length === 0) return true;
      const answer: unknown = await socket
        .timeout(this.opts.ackTimeoutMs ?? 10_000)
        .emitWithAck('audit:append', batch)
        .catch((err: Error) => {
          this.log(`audit forwarding: ${err.message}`);
          return null;
        });
      const parsed = auditAppendAckSchema.safeParse(answer);
      if (!parsed.success) {
        if (answer !== null) this.log(`refused a malformed answer to audit:append from the hub (nothing marked sent): ${describeIssues(parsed.error).slice(0, 5).join('; ')}`);
        return false;
      }
      if (parsed.data.error && parsed.data.error !== this.auditRefusal) this.log(`the hub refused audit:append: ${parsed.data.error}`);
      this.auditRefusal = parsed.data.error ?? null;
      const sent = new Set(batch.map((r) => r.id));
      const acked = parsed.data.acked.filter((id) => sent.has(id));
      try {
        const ackedIds = new Set(acked);
        this.opts.db.transaction(() => {
          markForwarded(this.opts.db, acked);
          noteAcknowledged(this.opts.db, this.opts.hubKey, batch.filter((r) => ackedIds.has(r.id)).map((r) => r.seq));
        })();
      } catch (err) {
        // Disk full: the records stay in the outbox and go again later (the hub keeps each once).
        this.log(`audit forwarding: could not mark ${acked.length} record(s) sent: ${(err as Error).message}`);
        return false;
      }
      this.emit('forwarded', acked.length);
      if (acked.length < batch.length) return false;
    }
  }

  private lost(error: string): void {
    if (this.current.state === 'offline') {
      this.current = { ...this.current, lastError: error };
      this.emit('state', this.state);
      return;
    }
    const wasUp = this.current.state === 'connected' || this.current.state === 'connecting';
    if (wasUp || this.current.lastError !== error) {
      this.setState('reconnecting', error, wasUp ? undefined : this.current.since);
    }
    if (!this.offlineTimer) {
      this.offlineTimer = setTimeout(() => {
        this.offlineTimer = null;
        if (this.current.state === 'reconnecting') this.setState('offline', this.current.lastError, this.current.since);
      }, this.opts.offlineAfterMs ?? 5000);
    }
  }

  private makeState(state: HubState['state'], error: string | null, since?: string): HubState {
    return {
      state,
      since: since ?? this.now().toISOString(),
      url: this.opts.url,
      training: this.opts.training,
      lastError: error,
      lastSeq: 0,
    };
  }

  private setState(state: HubState['state'], error: string | null, since?: string): void {
    if (state === 'connected' && this.offlineTimer) {
      clearTimeout(this.offlineTimer);
      this.offlineTimer = null;
    }
    const before = this.current;
    this.current = this.makeState(state, error, since);
    // For IT at 3 a.m.: each change of the link, with its reason, in the application log.
    if (before.state !== state || before.lastError !== error) this.log(`hub link ${state}${error ? `: ${error}` : ''} (${this.opts.url})`);
    this.emit('state', this.state);
  }
}

/**
 * socket.io says only "websocket error" or "xhr poll error" for a hub it cannot reach; the
 * cause (ECONNREFUSED, ENOTFOUND, a certificate) is in the error's description.
 */
export function connectErrorText(err: Error & { description?: unknown }): string {
  const d = err.description as { message?: unknown; code?: unknown; error?: { message?: unknown; code?: unknown } } | undefined;
  const cause = [d?.code, d?.error?.code, d?.message, d?.error?.message].find((v) => typeof v === 'string' && v !== '' && v !== err.message);
  return cause ? `${err.message} (${String(cause)})` : err.message;
}
