/**
 * The console's link to the hub (socket.io-client, namespace /console).
 * - Resumes: every (re)connect sends the last sequence stored, read fresh from SQLite.
 * - Persist-then-ack: hits arriving together are committed in one transaction, and only then
 *   acknowledged, so a hit the hub counts as delivered is on this disk.
 * - Drops duplicates by id; refuses malformed hits with a clear acknowledgement and stores
 *   nothing of them.
 * - Forwards the audit outbox (`audit:append`) until the hub acknowledges every record.
 */
import { EventEmitter } from 'node:events';
import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import {
  HUB_NAMESPACE,
  HUB_PROTOCOL_VERSION,
  auditAppendAckSchema,
  describeIssues,
  hubHitSchema,
  type HitAck,
  type HubHit,
} from '../../contract/hub';
import type { HubState } from '../../contract';
import type { DB } from '../db/open';
import type { HitStore } from '../hits/store';
import { markForwarded, outboxBatch } from '../audit/log';

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
}

export interface HubClientEvents {
  state: [HubState];
  hits: [HubHit[]];
  refused: [{ seq: unknown; id: unknown; problems: string[] }];
  'storage-error': [Error];
  forwarded: [number];
}

type Pending = { hit: HubHit; ack: (a: HitAck) => void };

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
    return { ...this.current, lastSeq: this.opts.hits.lastSeq(this.opts.hubKey) };
  }

  start(): void {
    this.stopped = false;
    const socket = io(this.opts.url.replace(/\/$/, '') + HUB_NAMESPACE, {
      // A function, so each reconnect reads the sequence as it is on disk now.
      auth: (cb) =>
        cb({
          protocol: HUB_PROTOCOL_VERSION,
          workstationId: this.opts.workstationId,
          token: this.opts.token,
          lastSeq: this.opts.hits.lastSeq(this.opts.hubKey),
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
      if (!this.stopped) this.lost(`link lost (${reason})`);
    });
    socket.on('connect_error', (err) => {
      this.lost(err.message);
      // A refusal by the hub's middleware (bad token, protocol) is not retried by socket.io
      // itself; an admin may fix the credentials, so keep trying slowly.
      if (!socket.active && !this.stopped) {
        this.retryTimer = setTimeout(() => socket.connect(), 10_000);
      }
    });
    socket.on('hit', (payload: unknown, ack?: (a: HitAck) => void) => this.receive(payload, ack));
    for (const [event, fn] of this.hubListeners) socket.on(event, fn);
    this.setState('connecting', null);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
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
    this.hubListeners.push([event, fn]);
    this.socket?.on(event, fn);
  }

  /** Called after the core writes audit records, so they reach the hub within moments. */
  kick(): void {
    void this.forwardAudit();
  }

  private receive(payload: unknown, ack: ((a: HitAck) => void) | undefined): void {
    const reply = typeof ack === 'function' ? ack : () => {};
    const parsed = hubHitSchema.safeParse(payload);
    if (!parsed.success) {
      const p = payload as { seq?: unknown; id?: unknown } | null;
      const problems = describeIssues(parsed.error);
      this.log(`refused a malformed hit from the hub (seq ${String(p?.seq)}): ${problems.join('; ')}`);
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
      this.emit('storage-error', error);
      for (const p of batch) p.ack({ ok: false, error: `console storage failed: ${error.message}` });
      return;
    }
    for (const p of batch) p.ack({ ok: true });
    if (fresh.length) this.emit('hits', fresh);
  }

  private async forwardAudit(): Promise<void> {
    if (this.forwarding) return;
    this.forwarding = true;
    try {
      const size = this.opts.auditBatchSize ?? 500;
      for (;;) {
        const socket = this.socket;
        if (!socket?.connected) return;
        const batch = outboxBatch(this.opts.db, size);
        if (batch.length === 0) return;
        const answer: unknown = await socket
          .timeout(this.opts.ackTimeoutMs ?? 10_000)
          .emitWithAck('audit:append', batch)
          .catch((err: Error) => {
            this.log(`audit forwarding: ${err.message}`);
            return null;
          });
        const parsed = auditAppendAckSchema.safeParse(answer);
        if (!parsed.success) return;
        const sent = new Set(batch.map((r) => r.id));
        const acked = parsed.data.acked.filter((id) => sent.has(id));
        markForwarded(this.opts.db, acked);
        this.emit('forwarded', acked.length);
        if (acked.length < batch.length) return;
      }
    } finally {
      this.forwarding = false;
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
    this.current = this.makeState(state, error, since);
    this.emit('state', this.state);
  }
}
