/**
 * The audit trail's background duties: checkpoints signed and sent upstream, and the alarm
 * when records stay unsent too long (supervisors see it; raising it is itself logged).
 */
import type { DB } from '../db/open';
import type { HubClient } from '../hub-client/client';
import { acknowledgedRuns, type AuditLog } from './log';
import { Checkpointer, loadSigningKey } from './checkpoints';
import { auditHeldAckSchema } from '../../contract/hub';

export interface AuditTrailOptions {
  db: DB;
  audit: AuditLog;
  dataDir: string;
  workstationId: string;
  hub: HubClient | null;
  log: (line: string) => void;
  now: () => Date;
  /** Runs a write durably (the core's group commit). */
  commit: <T>(work: () => T) => Promise<T>;
  onAlarm: (alarm: { pending: number; oldestUnsentAt: string; message: string }) => void;
  checkpointEveryMs?: number;
  /** Unsent records older than this raise the alarm (default 1 hour). */
  unsentAlarmAfterMs?: number;
  alarmCheckEveryMs?: number;
}

/** Ranges named in the `audit.resent` record; the rest are counted. */
const RESENT_RANGES_NAMED = 20;

export class AuditTrail {
  readonly checkpoints: Checkpointer;
  private alarmRaised = false;
  private reconciling = false;
  private alarmTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: AuditTrailOptions) {
    this.checkpoints = new Checkpointer(o.db, loadSigningKey(o.dataDir), o.workstationId, o.hub, o.log, o.now);
  }

  start(): void {
    this.checkpoints.start(this.o.checkpointEveryMs ?? 5 * 60_000);
    this.o.hub?.on('state', (s) => {
      if (s.state === 'connected') void this.checkpointNow().then(() => this.resendLost());
    });
    this.alarmTimer = setInterval(() => void this.checkAlarm(), this.o.alarmCheckEveryMs ?? 60_000);
    this.alarmTimer.unref();
  }

  async checkpointNow(): Promise<void> {
    this.checkpoints.take();
    await this.checkpoints.sendPending();
  }

  /**
   * Asks the hub which of the records it acknowledged it still holds, and puts the ones it
   * lacks back in the outbox (a hub restored from an older backup has lost them; the hub keeps
   * each record once, so one sent twice costs nothing). Only the runs of records this hub
   * acknowledged (audit_acked; records another hub took are not its losses), and only below
   * the oldest record still in the outbox: every one of those was acknowledged, while a later
   * one may be on its way right now. Returns how many went back into the outbox.
   */
  async resendLost(): Promise<number> {
    const hub = this.o.hub;
    if (!hub || this.reconciling) return 0;
    this.reconciling = true;
    try {
      const { db } = this.o;
      // The chain's first record's millisecond, the leading part of its UUIDv7 id: the hub
      // tells this chain from an earlier install's under the same name by it (ids within one
      // millisecond are random among themselves). Records written while the clock stood
      // before it are left out at both ends.
      const chainStart = (db.prepare('SELECT id FROM audit_log WHERE seq = 1').pluck().get() as string | undefined)?.slice(0, 13);
      const through = db
        .prepare('SELECT coalesce((SELECT min(audit_seq) - 1 FROM audit_outbox), (SELECT max(seq) FROM audit_log), 0)')
        .pluck()
        .get() as number;
      if (!chainStart || through < 1) return 0;
      const requeue = db.prepare<[number, number, string]>(
        'INSERT OR IGNORE INTO audit_outbox (audit_seq) SELECT seq FROM audit_log WHERE seq BETWEEN ? AND ? AND id >= ?',
      );
      const ranges: [number, number][] = [];
      for (const [first, last] of acknowledgedRuns(db, hub.hubKey)) {
        const end = Math.min(last, through);
        for (let from = first; from <= end; ) {
          const ack = await hub.request('audit:held', { chainStart, from, through: end }, auditHeldAckSchema);
          if (!ack.ok) {
            this.o.log(`could not ask the hub which audit records it holds: ${ack.error}`);
            return 0;
          }
          ranges.push(...ack.missing);
          const lastMissing = ack.missing.at(-1);
          if (!ack.more || !lastMissing) break;
          from = lastMissing[1] + 1;
        }
      }
      if (ranges.length === 0) return 0;
      const requeued = await this.o.commit(() => {
        let n = 0;
        for (const [first, last] of ranges) n += requeue.run(first, Math.min(last, through), chainStart).changes;
        if (n > 0) {
          this.o.audit.append({
            action: 'audit.resent',
            outcome: 'ok',
            actor: null,
            ip: null,
            data: { records: n, through, ranges: ranges.slice(0, RESENT_RANGES_NAMED), moreRanges: Math.max(0, ranges.length - RESENT_RANGES_NAMED) },
          });
        }
        return n;
      });
      if (requeued > 0) {
        const named = ranges.slice(0, 3).map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');
        this.o.log(`the hub lacks ${requeued} audit record(s) it had acknowledged (${named}${ranges.length > 3 ? ', ...' : ''}); sending them again`);
        hub.kick();
      }
      return requeued;
    } catch (err) {
      this.o.log(`could not ask the hub which audit records it holds: ${(err as Error).message}`);
      return 0;
    } finally {
      this.reconciling = false;
    }
  }

  oldestUnsent(): { pending: number; oldestAt: string | null } {
    const row = this.o.db
      .prepare('SELECT count(*) AS n, min(a.at) AS oldest FROM audit_outbox o JOIN audit_log a ON a.seq = o.audit_seq')
      .get() as { n: number; oldest: string | null };
    return { pending: row.n, oldestAt: row.oldest };
  }

  get alarm(): boolean {
    return this.alarmRaised;
  }

  /** Raises the alarm once per episode, and clears it when the backlog is gone. */
  async checkAlarm(): Promise<void> {
    const { pending, oldestAt } = this.oldestUnsent();
    const limit = this.o.unsentAlarmAfterMs ?? 3_600_000;
    const late = oldestAt !== null && this.o.now().getTime() - Date.parse(oldestAt) > limit;
    if (!late) {
      this.alarmRaised = false;
      return;
    }
    if (this.alarmRaised) return;
    this.alarmRaised = true;
    const minutes = Math.round(limit / 60_000);
    const message = `${pending} audit record(s) not acknowledged by the hub for over ${minutes} min (oldest ${oldestAt})`;
    this.o.log(message);
    await this.o.commit(() =>
      this.o.audit.append({ action: 'audit.alarm', outcome: 'ok', actor: null, ip: null, data: { pending, oldestUnsentAt: oldestAt } }),
    );
    this.o.onAlarm({ pending, oldestUnsentAt: oldestAt!, message });
  }

  stop(): void {
    this.checkpoints.stop();
    if (this.alarmTimer) clearInterval(this.alarmTimer);
    this.alarmTimer = null;
  }
}
