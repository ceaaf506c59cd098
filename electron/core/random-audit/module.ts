/**
 * Random audits (issue 6 item 10): an auditor or supervisor draws a random sample of the
 * lookups in a period (never their own), records a finding for each, closes the audit with a
 * summary and exports its report. See README.md here and electron/contract/random-audit.ts.
 */
import { FINDING_LABELS, type ExportedFile, type RandomAudit, type randomAuditCalls, type User, PURPOSE_ADMINISTRATION } from '../../contract';
import { actorOf, type CoreContext, type CoreModule, type Session } from '../context';
import { CallFailure } from '../errors';
import { FieldCipher } from '../util/field-crypto';
import { csvLine, toCsv } from '../util/csv';
import { renderTablePdf } from '../reports/pdf';
import { drawSample, newSeed } from './sample';
import { RandomAuditStore, type Criteria } from './store';

export type RandomAuditChannel = keyof typeof randomAuditCalls;

/** A random audit's every step is an administrative record: no case number (see README.md). */

const who = (u: User) => `${u.displayName} (${u.username})`;

export const REPORT_COLUMNS = ['#', 'Seq', 'Record ID', 'Time (UTC)', 'User', 'Workstation', 'Action', 'Outcome', 'Data elements', 'Purpose', 'Case number', 'Finding', 'Note', 'Finding by', 'Finding at'];

/** Data elements as one line: `plate=7ABC123, hitId=h-1`. */
export function dataLine(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

function reportRows(a: RandomAudit): string[][] {
  return a.items.map((it, i) => [
    String(i + 1),
    String(it.seq),
    it.recordId,
    it.at,
    it.displayName ? `${it.displayName} (${it.username ?? ''})` : (it.username ?? ''),
    it.workstationId,
    it.action,
    it.outcome,
    dataLine(it.data),
    it.purpose ?? '',
    it.caseNumber ?? '',
    it.finding ? FINDING_LABELS[it.finding] : 'pending',
    it.note ?? '',
    it.findingBy ?? '',
    it.findingAt ?? '',
  ]);
}

function countsLine(a: RandomAudit): string {
  const c = a.audit.counts;
  return `legitimate ${c.legitimate}; needs follow-up ${c.needsFollowUp}; violation ${c.violation}; pending ${c.pending}`;
}

function criteriaLine(a: RandomAudit): string {
  const c = a.audit.criteria;
  return [`outcomes ${c.outcomes.join('/')}`, c.actions?.length ? `actions ${c.actions.join(', ')}` : 'any action', c.username ? `user ${c.username}` : 'any user'].join('; ');
}

export function randomAuditModule(ctx: CoreContext): CoreModule<RandomAuditChannel> {
  const cipher = ctx.opts.dataKey ? FieldCipher.fromKey(ctx.opts.dataKey) : FieldCipher.forDataDir(ctx.opts.dataDir);
  const store = new RandomAuditStore(ctx.db, cipher);
  const by = (s: Session) => ({ actor: actorOf(s.user!), ip: s.ip });

  const refuse = async (session: Session, action: string, data: Record<string, unknown>, code: 'not-found' | 'conflict' | 'forbidden', message: string): Promise<never> => {
    await ctx.appendAudit({ action, outcome: 'refused', ...by(session), data: { ...data, reason: message } });
    throw new CallFailure(code, message);
  };

  /** The audit, or a refusal on file. */
  const existing = async (session: Session, action: string, auditId: number) => {
    const row = store.row(auditId);
    if (!row) return refuse(session, action, { auditId }, 'not-found', `no random audit RA-${auditId}`);
    return row;
  };

  /** Only the auditor who drew an audit records its findings and closes it. */
  const ownOpen = async (session: Session, action: string, auditId: number, data: Record<string, unknown>) => {
    const row = await existing(session, action, auditId);
    if (row.auditor_id !== session.user!.id) {
      return refuse(session, action, { auditId, ...data }, 'forbidden', `RA-${auditId} is ${row.auditor}'s audit: only its auditor records findings and closes it`);
    }
    if (row.status === 'closed') return refuse(session, action, { auditId, ...data }, 'conflict', `RA-${auditId} is closed: its findings are final`);
    return row;
  };

  return {
    handlers: {
      'audits:list': () => ({ audits: store.list() }),

      'audits:draw': async (input, session) => {
        const action = 'random-audit.draw';
        const user = session.user!;
        const criteria: Criteria = {
          from: new Date(input.from).toISOString(),
          to: new Date(input.to).toISOString(),
          actions: input.actions?.length ? [...new Set(input.actions)] : null,
          username: input.username ?? null,
          outcomes: [...new Set(input.outcomes)],
        };
        const asked = { period: [criteria.from, criteria.to], size: input.size, actions: criteria.actions, username: criteria.username, outcomes: criteria.outcomes };
        if (criteria.username && criteria.username.toLowerCase() === user.username.toLowerCase()) {
          return refuse(session, action, asked, 'forbidden', 'an auditor may not audit their own lookups');
        }
        const uptoSeq = store.headSeq();
        const population = store.population(criteria, user.id, uptoSeq);
        if (population.length === 0) {
          // Say which criterion may be the reason: a user name nobody has, or the actions asked for.
          const unknownUser = criteria.username && !ctx.db.prepare('SELECT 1 FROM users WHERE username = ? COLLATE NOCASE').get(criteria.username);
          const why = unknownUser
            ? `there is no user named ${criteria.username} at this console`
            : `no lookups by others match this period${criteria.username ? `, user ${criteria.username}` : ''}${criteria.actions ? ` and the actions ${criteria.actions.join(', ')}` : ''}`;
          return refuse(session, action, asked, 'conflict', `${why}: nothing to draw`);
        }
        const seed = newSeed();
        const seqs = drawSample(seed, population, input.size);
        const auditId = await ctx.commit(() => {
          const id = store.create({ at: ctx.now().toISOString(), auditorId: user.id, auditorUsername: user.username, auditor: who(user), criteria, requested: input.size, population: population.length, seed, uptoSeq, seqs });
          ctx.audit.append({ action, outcome: 'granted', ...by(session), purpose: PURPOSE_ADMINISTRATION, data: { auditId: id, ...asked, population: population.length, drawn: seqs.length, seqs } });
          return id;
        });
        return store.detail(auditId)!;
      },

      'audits:open': async ({ auditId }, session) => {
        const action = 'random-audit.open';
        await existing(session, action, auditId);
        // The reading is on file before the sampled records leave the core.
        await ctx.appendAudit({ action, outcome: 'granted', ...by(session), purpose: PURPOSE_ADMINISTRATION, data: { auditId } });
        return store.detail(auditId)!;
      },

      'audits:record-finding': async ({ auditId, itemId, finding, note }, session) => {
        const action = 'random-audit.finding';
        await ownOpen(session, action, auditId, { itemId });
        const item = store.item(auditId, itemId);
        if (!item) return refuse(session, action, { auditId, itemId }, 'not-found', `no sampled lookup ${itemId} in RA-${auditId}`);
        const at = ctx.now().toISOString();
        const by_ = who(session.user!);
        const text = note?.trim() ? note.trim() : null;
        await ctx.commit(() => {
          store.setFinding(itemId, finding, text, by_, at);
          // The note is sealed in the audit's file; the record says only that there is one.
          ctx.audit.append({ action, outcome: 'ok', ...by(session), purpose: PURPOSE_ADMINISTRATION, data: { auditId, itemId, seq: item.seq, finding, before: item.finding, note: text !== null } });
        });
        return { audit: store.summary(auditId)!, item: { itemId, finding, note: text, findingBy: by_, findingAt: at } };
      },

      'audits:close': async ({ auditId, summary }, session) => {
        const action = 'random-audit.close';
        await ownOpen(session, action, auditId, {});
        const pending = store.summary(auditId)!.counts.pending;
        if (pending > 0) {
          return refuse(session, action, { auditId, pending }, 'conflict', `${pending} sampled lookup${pending === 1 ? ' has' : 's have'} no finding yet: record a finding for each before closing`);
        }
        await ctx.commit(() => {
          if (!store.close(auditId, summary, who(session.user!), ctx.now().toISOString())) throw new CallFailure('conflict', `RA-${auditId} was already closed`);
          const c = store.summary(auditId)!.counts;
          ctx.audit.append({ action, outcome: 'ok', ...by(session), purpose: PURPOSE_ADMINISTRATION, data: { auditId, legitimate: c.legitimate, needsFollowUp: c.needsFollowUp, violation: c.violation } });
        });
        return { audit: store.summary(auditId)! };
      },

      'audits:export': async ({ auditId, format }, session) => {
        const action = 'random-audit.export';
        await existing(session, action, auditId);
        const exportedAt = ctx.now().toISOString();
        const exportedBy = who(session.user!);
        const audit = await ctx.commit(() => {
          const a = store.detail(auditId)!;
          ctx.audit.append({ action, outcome: 'granted', ...by(session), purpose: PURPOSE_ADMINISTRATION, data: { auditId, format, rows: a.items.length, status: a.audit.status } });
          return a;
        });
        const s = audit.audit;
        const base = `random-audit-${s.ref}-${exportedAt.slice(0, 10)}`;
        const status = s.status === 'closed' ? `closed ${s.closedAt}` : 'open (findings not final)';
        const drawnLine = `${s.drawn} of ${s.population} lookups (requested ${s.requested}); seed ${audit.seed}; records up to seq ${audit.uptoSeq}`;
        const rows = reportRows(audit);
        if (format === 'csv') {
          const preamble = toCsv(['Random audit report', ctx.opts.agencyName], [
            ['Audit', s.ref],
            ['Period (UTC)', s.periodFrom, s.periodTo],
            ['Auditor', s.auditor],
            ['Drawn at', s.createdAt],
            ['Status', status],
            ['Criteria', criteriaLine(audit)],
            ['Sample', drawnLine],
            ['Findings', countsLine(audit)],
            ['Summary', s.summary ?? ''],
            ['Exported by', exportedBy],
            ['Exported at', exportedAt],
          ]);
          const text = `${preamble}\r\n${csvLine(REPORT_COLUMNS)}${rows.map((r) => csvLine(r)).join('')}`;
          return { fileName: `${base}.csv`, mime: 'text/csv', text, rows: rows.length } satisfies ExportedFile;
        }
        const wide = new Set(['Record ID', 'Data elements', 'Note', 'User']);
        const data = await renderTablePdf({
          title: `Random audit ${s.ref}`,
          agencyName: ctx.opts.agencyName,
          periodFrom: s.periodFrom,
          periodTo: s.periodTo,
          exportedBy,
          exportedAt,
          columns: REPORT_COLUMNS.filter((h) => h !== 'Record ID' && h !== 'Finding at').map((header) => ({ header, width: wide.has(header) ? 3 : header === '#' || header === 'Seq' ? 0.6 : 1.3 })),
          rows: rows.map((r) => r.filter((_, i) => REPORT_COLUMNS[i] !== 'Record ID' && REPORT_COLUMNS[i] !== 'Finding at')),
          notes: [
            `Auditor: ${s.auditor}. Drawn at ${s.createdAt}. Status: ${status}.`,
            `Criteria: ${criteriaLine(audit)}.`,
            `Sample: ${drawnLine}.`,
            `Findings: ${countsLine(audit)}.`,
            ...(s.summary ? [`Summary: ${s.summary}`] : []),
          ],
          orientation: 'landscape',
        });
        return { fileName: `${base}.pdf`, mime: 'application/pdf', data, rows: rows.length } satisfies ExportedFile;
      },
    },
  };
}
