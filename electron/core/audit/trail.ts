/**
 * The audit trail's background duties: checkpoints signed and sent upstream, and the alarm
 * when records stay unsent too long (supervisors see it; raising it is itself logged).
 */
import type { DB } from '../db/open';
import type { HubClient } from '../hub-client/client';
import type { AuditLog } from './log';
import { Checkpointer, loadSigningKey } from './checkpoints';

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

export class AuditTrail {
  readonly checkpoints: Checkpointer;
  private alarmRaised = false;
  private alarmTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: AuditTrailOptions) {
    this.checkpoints = new Checkpointer(o.db, loadSigningKey(o.dataDir), o.workstationId, o.hub, o.log, o.now);
  }

  start(): void {
    this.checkpoints.start(this.o.checkpointEveryMs ?? 5 * 60_000);
    this.o.hub?.on('state', (s) => {
      if (s.state === 'connected') void this.checkpointNow();
    });
    this.alarmTimer = setInterval(() => void this.checkAlarm(), this.o.alarmCheckEveryMs ?? 60_000);
    this.alarmTimer.unref();
  }

  async checkpointNow(): Promise<void> {
    this.checkpoints.take();
    await this.checkpoints.sendPending();
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
