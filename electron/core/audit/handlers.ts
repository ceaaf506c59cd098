/** Audit trail status and verification for supervisors and auditors; the purpose list. */
import { PURPOSE_ADMINISTRATION } from '../../contract';
import { verifyAudit } from './verify';
import { actorOf, type CoreContext, type Handlers } from '../context';
import type { AuditTrail } from './trail';

export function auditHandlers(ctx: CoreContext, trail: AuditTrail): Pick<Handlers, 'audit:status' | 'audit:verify' | 'purposes:list'> {
  return {
    'audit:status': async (_input, session) => {
      await ctx.appendAudit({ action: 'audit:status', outcome: 'granted', actor: actorOf(session.user!), ip: session.ip, data: {}, purpose: PURPOSE_ADMINISTRATION });
      const head = ctx.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
      const last = ctx.db.prepare('SELECT count, created_at, receipt_at FROM audit_checkpoints ORDER BY id DESC LIMIT 1').get() as
        | { count: number; created_at: string; receipt_at: string | null }
        | undefined;
      const unsent = trail.oldestUnsent();
      return {
        records: head?.seq ?? 0,
        headHash: head?.hash ?? null,
        outboxPending: unsent.pending,
        oldestUnsentAt: unsent.oldestAt,
        alarm: trail.alarm,
        lastCheckpoint: last ? { count: last.count, createdAt: last.created_at, receiptAt: last.receipt_at } : null,
      };
    },
    'audit:verify': async (_input, session) => {
      await ctx.appendAudit({ action: 'audit:verify', outcome: 'granted', actor: actorOf(session.user!), ip: session.ip, data: {}, purpose: PURPOSE_ADMINISTRATION });
      const r = await verifyAudit({ dataDir: ctx.opts.dataDir, hubUrl: ctx.opts.hub?.url });
      return {
        ok: r.ok,
        records: r.records,
        checkpoints: r.checkpoints,
        receipted: r.receipted,
        hubRecords: r.hubRecords,
        firstBad: r.firstBad,
        problems: r.problems,
        elapsedMs: r.elapsedMs,
      };
    },
    'purposes:list': () => ({
      purposes: (
        ctx.db.prepare('SELECT id, label, requires_case_number, active FROM purposes ORDER BY id').all() as {
          id: number;
          label: string;
          requires_case_number: number;
          active: number;
        }[]
      ).map((p) => ({ id: p.id, label: p.label, requiresCaseNumber: p.requires_case_number === 1, active: p.active === 1 })),
    }),
  };
}
