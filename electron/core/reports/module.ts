/**
 * The reports domain of the core (see its contract, electron/contract/reports.ts): the audit
 * review's search, the audit extract (CSV/PDF), the purposes list and the lookup rules.
 */
import { AUDIT_EXPORT_MAX, type reportsCalls, PURPOSE_ADMINISTRATION } from '../../contract';
import { actorOf, type CoreContext, type CoreModule, type Session } from '../context';
import { CallFailure } from '../errors';
import { requireLookupPurpose } from '../audit/purpose';
import { AuditIndex } from './audit-index';
import { auditExtractCsv, auditExtractPdf, describeFilters, extractFileName, extractPeriod } from './extract';
import { addPurpose, allPurposes, updatePurpose } from './purposes';
import { lookupRules, saveLookupRules } from './rules';

export type ReportsChannel = keyof typeof reportsCalls;

/** Reading the audit log is logged under this purpose (AU-9). */
/** Background indexing: small steps, so a long backlog never holds the event loop for long. */
const INDEX_STEP = 500;
const INDEX_EVERY_MS = 2_000;

export function reportsModule(ctx: CoreContext): CoreModule<ReportsChannel> {
  const index = new AuditIndex(ctx.db);
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  /** Indexes new audit records a step at a time, yielding between steps, until none are left. */
  const indexInBackground = () => {
    if (stopped) return;
    try {
      if (index.catchUp(INDEX_STEP) === INDEX_STEP) {
        setImmediate(indexInBackground);
        return;
      }
    } catch (err) {
      ctx.log(`audit index: ${err instanceof Error ? err.message : String(err)}`);
    }
    timer = setTimeout(indexInBackground, INDEX_EVERY_MS);
    timer.unref();
  };

  const exporter = (s: Session) => {
    const u = s.user!;
    return `${u.displayName} (${u.username}${u.badge ? `, badge ${u.badge}` : ''})`;
  };

  return {
    handlers: {
      'reports:audit-search': ({ filters, limit, cursor }, session) => {
        index.catchUp();
        return ctx.commit(() => {
          const page = index.search(filters, limit, cursor);
          ctx.audit.append({
            action: 'audit.search',
            outcome: 'granted',
            actor: actorOf(session.user!),
            ip: session.ip,
            data: { filters, ...(cursor ? { after: cursor } : {}), matched: page.total },
            purpose: PURPOSE_ADMINISTRATION,
          });
          return cursor ? page : { ...page, facets: index.facets() };
        });
      },

      'reports:audit-export': async ({ filters, format, purpose }, session) => {
        const given = await requireLookupPurpose(ctx, session, 'audit.export', purpose, {
          caseRequired: lookupRules(ctx.db).caseRequiredForExport,
          administrative: true,
          data: { filters, format },
        });
        index.catchUp();
        const max = AUDIT_EXPORT_MAX[format];
        const matched = index.count(filters, max + 1);
        if (matched > max) {
          await ctx.appendAudit({
            action: 'audit.export',
            outcome: 'refused',
            actor: actorOf(session.user!),
            ip: session.ip,
            data: { reason: `more than ${max} records match`, filters, format },
            purpose: given.purpose,
            caseNumber: given.caseNumber,
          });
          throw new CallFailure('invalid-input', `more than ${max.toLocaleString('en-US')} records match: narrow the search (a shorter period, a user, an action) and export again`);
        }
        const records = await ctx.commit(() => {
          const { records: found } = index.all(filters, max);
          ctx.audit.append({
            action: 'audit.export',
            outcome: 'granted',
            actor: actorOf(session.user!),
            ip: session.ip,
            data: { filters, format, rows: found.length },
            purpose: given.purpose,
            caseNumber: given.caseNumber,
          });
          return found;
        });
        const now = ctx.now();
        const period = extractPeriod(filters, records);
        const head = {
          agencyName: ctx.opts.agencyName,
          periodFrom: period.from,
          periodTo: period.to,
          filters: describeFilters(filters),
          exportedBy: exporter(session),
          exportedAt: now.toISOString(),
        };
        if (format === 'csv') return { fileName: extractFileName(now, 'csv'), mime: 'text/csv', text: auditExtractCsv(head, records), rows: records.length };
        return { fileName: extractFileName(now, 'pdf'), mime: 'application/pdf', data: await auditExtractPdf(head, records), rows: records.length };
      },

      'reports:rules': () => lookupRules(ctx.db),

      'reports:update-rules': async (rules, session) =>
        ctx.commit(() => {
          const before = lookupRules(ctx.db);
          saveLookupRules(ctx.db, rules);
          const after = lookupRules(ctx.db);
          ctx.audit.append({ action: 'settings.lookup-rules', outcome: 'ok', actor: actorOf(session.user!), ip: session.ip, data: { before, after } });
          return after;
        }),

      'purposes:all': () => ({ purposes: allPurposes(ctx.db) }),

      'purposes:add': async ({ label, requiresCaseNumber }, session) =>
        ctx.commit(() => {
          const purpose = addPurpose(ctx.db, label, requiresCaseNumber);
          ctx.audit.append({ action: 'purpose.add', outcome: 'ok', actor: actorOf(session.user!), ip: session.ip, data: { purpose } });
          return { purpose };
        }),

      'purposes:update': async ({ id, ...change }, session) =>
        ctx.commit(() => {
          const { before, after } = updatePurpose(ctx.db, id, change);
          ctx.audit.append({ action: 'purpose.update', outcome: 'ok', actor: actorOf(session.user!), ip: session.ip, data: { id, before, after } });
          return { purpose: after };
        }),
    },
    start() {
      stopped = false;
      timer = setTimeout(indexInBackground, 0);
      timer.unref();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
