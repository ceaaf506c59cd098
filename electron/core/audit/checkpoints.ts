/**
 * Checkpoints of the audit chain: (count, head hash), signed with this workstation's key and
 * sent to the hub, which answers with its own signed receipt. A rewrite of the log done only
 * on the workstation (even a whole consistent re-chaining, or cutting the tail) no longer
 * matches what the hub holds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DB } from '../db/open';
import { auditCheckpointAckSchema, type CheckpointReceipt } from '../../contract/hub';
import type { HubClient } from '../hub-client/client';

export interface StoredCheckpoint {
  id: number;
  count: number;
  headHash: string;
  signature: string;
  createdAt: string;
  receipt: CheckpointReceipt | null;
  receiptAt: string | null;
}

export function loadSigningKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'keys', 'audit-signing.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, crypto.randomBytes(32), { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file);
}

export function signCheckpoint(key: Buffer, workstationId: string, count: number, headHash: string): string {
  return crypto.createHmac('sha256', key).update(`${workstationId}|${count}|${headHash}`).digest('hex');
}

interface Row {
  id: number;
  count: number;
  head_hash: string;
  signature: string;
  created_at: string;
  receipt: string | null;
  receipt_at: string | null;
}

function toCheckpoint(r: Row): StoredCheckpoint {
  return {
    id: r.id,
    count: r.count,
    headHash: r.head_hash,
    signature: r.signature,
    createdAt: r.created_at,
    receipt: r.receipt ? (JSON.parse(r.receipt) as CheckpointReceipt) : null,
    receiptAt: r.receipt_at,
  };
}

export function listCheckpoints(db: DB): StoredCheckpoint[] {
  return db.prepare<[], Row>('SELECT * FROM audit_checkpoints ORDER BY id').all().map(toCheckpoint);
}

export class Checkpointer {
  private timer: NodeJS.Timeout | null = null;
  private sending = false;

  constructor(
    private readonly db: DB,
    private readonly key: Buffer,
    private readonly workstationId: string,
    private readonly hub: HubClient | null,
    private readonly log: (line: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Takes a checkpoint when the chain grew since the last one. */
  take(): StoredCheckpoint | null {
    const head = this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    if (!head) return null;
    const last = this.db.prepare('SELECT count FROM audit_checkpoints ORDER BY id DESC LIMIT 1').pluck().get() as number | undefined;
    if (last === head.seq) return null;
    const info = this.db
      .prepare('INSERT INTO audit_checkpoints (count, head_hash, signature, created_at) VALUES (?, ?, ?, ?)')
      .run(head.seq, head.hash, signCheckpoint(this.key, this.workstationId, head.seq, head.hash), this.now().toISOString());
    return toCheckpoint(this.db.prepare<[number], Row>('SELECT * FROM audit_checkpoints WHERE id = ?').get(Number(info.lastInsertRowid))!);
  }

  /** Sends every checkpoint the hub has not receipted yet, oldest first. */
  async sendPending(): Promise<number> {
    if (!this.hub || this.sending) return 0;
    this.sending = true;
    let sent = 0;
    try {
      const pending = this.db.prepare<[], Row>('SELECT * FROM audit_checkpoints WHERE receipt IS NULL ORDER BY id').all();
      for (const row of pending) {
        const ack = await this.hub.request(
          'audit:checkpoint',
          { workstationId: this.workstationId, count: row.count, headHash: row.head_hash, signature: row.signature },
          auditCheckpointAckSchema,
        );
        if (!ack.ok) {
          this.log(`the hub refused audit checkpoint ${row.count}: ${ack.error}`);
          return sent;
        }
        this.db
          .prepare('UPDATE audit_checkpoints SET receipt = ?, receipt_at = ? WHERE id = ?')
          .run(JSON.stringify(ack.receipt), this.now().toISOString(), row.id);
        sent += 1;
      }
      return sent;
    } catch (err) {
      this.log(`audit checkpoint not sent: ${(err as Error).message}`);
      return sent;
    } finally {
      this.sending = false;
    }
  }

  start(everyMs: number): void {
    this.timer = setInterval(() => {
      this.take();
      void this.sendPending();
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
