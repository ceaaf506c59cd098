/**
 * The shiftlog domain of the core (contract: electron/contract/shiftlog.ts): the agency's
 * shifts, and the supervisor's log of a shift or period. Opening a log reads the whole
 * selection and writes its one audit record in the same commit; the rows are then served
 * page by page under that record, to the session (and user) that opened it.
 */
import { consoleTimeZone } from '../util/time-zone';
import crypto from 'node:crypto';
import { PURPOSE_ADMINISTRATION } from '../../contract';
import type { ShiftFilters, ShiftPeriod, ShiftRow, ShiftSelection, shiftLogCalls } from '../../contract';
import { actorOf, type CoreContext, type CoreModule, type Session } from '../context';
import { CallFailure } from '../errors';
import { requireLookupPurpose } from '../audit/purpose';
import { ShiftLogStore, optionsOfFacts, type FactTuple, type Scope } from './store';
import { currentShift, rangeLabel, shiftPeriod, type Period } from './periods';
import { summarize } from './summary';
import { reportFileName, shiftReportCsv, shiftReportPdf } from './report';
import { lookupRules } from '../reports/rules';

/**
 * The plates a shift log view's or report's audit record names, so that an audit search by
 * plate finds it (each about 10 bytes; records travel upstream in batches): up to this many;
 * a report counts the rest (`platesNotListed`), a view says there are more (`morePlates`).
 */
const PLATES_RECORDED = 500;

export type ShiftLogChannel = keyof typeof shiftLogCalls;

const FIRST_PAGE = 200;
const VIEWS_PER_SESSION = 8;
const VIEW_TTL_MS = 12 * 3_600_000;

interface View {
  sessionId: string;
  userId: number;
  scope: Scope;
  total: number;
  openedAt: number;
}

export function shiftLogModule(ctx: CoreContext): CoreModule<ShiftLogChannel> {
  const store = new ShiftLogStore(ctx.db);
  const views = new Map<string, View>();

  const refuse = async (session: Session, action: string, reason: string, data: Record<string, unknown>, code: 'invalid-input' | 'not-found') => {
    await ctx.appendAudit({ action, outcome: 'refused', actor: actorOf(session.user!), ip: session.ip, data: { reason, ...data } });
    throw new CallFailure(code, reason);
  };

  /** The period's instants and label, or a logged refusal. */
  const resolve = async (session: Session, action: string, period: ShiftPeriod): Promise<Period & { shift: { id: number; name: string; date: string } | null }> => {
    if ('shiftId' in period) {
      const shift = store.shift(period.shiftId);
      if (!shift) return refuse(session, action, 'no such shift', { shiftId: period.shiftId }, 'not-found');
      const p = shiftPeriod(shift, period.date);
      if (!p) return refuse(session, action, `${period.date} is not a date`, { shiftId: period.shiftId }, 'invalid-input');
      return { ...p, shift: { id: shift.id, name: shift.name, date: period.date } };
    }
    const from = Date.parse(period.from);
    const to = Date.parse(period.to);
    return { from, to, label: rangeLabel(from, to), shift: null };
  };

  /** Hotlists this role may see (issue 5); null when it sees them all. */
  const visibleLists = (session: Session, from: number, to: number): string[] | null => {
    const role = session.user!.role;
    // A role limited to some lists filters out a name no list can have.
    if (ctx.visibleItems(role, [{ list: '\u0000' }]).length === 1) return null;
    return ctx.visibleItems(role, store.listsIn(from, to).map((list) => ({ list }))).map((i) => i.list.toLowerCase());
  };

  const scopeOf = (session: Session, p: Period, filters: ShiftFilters): Scope => ({ from: p.from, to: p.to, filters, visibleLists: visibleLists(session, p.from, p.to) });

  const auditData = (p: Awaited<ReturnType<typeof resolve>>, filters: ShiftFilters) => ({
    ...(p.shift ? { shift: p.shift } : {}),
    from: new Date(p.from).toISOString(),
    to: new Date(p.to).toISOString(),
    filters,
  });

  const keepView = (view: View): string => {
    const now = ctx.now().getTime();
    const mine: string[] = [];
    for (const [id, v] of views) {
      if (now - v.openedAt > VIEW_TTL_MS) views.delete(id);
      else if (v.sessionId === view.sessionId) mine.push(id);
    }
    for (const id of mine.slice(0, Math.max(0, mine.length - VIEWS_PER_SESSION + 1))) views.delete(id);
    const id = crypto.randomUUID();
    views.set(id, view);
    return id;
  };

  const describeFilters = (f: ShiftFilters) =>
    Object.entries(f)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ') || 'none';

  return {
    handlers: {
      'shiftlog:shifts': () => {
        const shifts = store.shifts();
        return { shifts, current: currentShift(shifts, ctx.now().getTime()), timeZone: consoleTimeZone(ctx.now()).label };
      },

      'shiftlog:save-shifts': async ({ shifts }, session) => {
        const known = new Set(store.shifts().map((s) => s.id));
        const unknown = shifts.filter((s) => s.id !== undefined && !known.has(s.id));
        if (unknown.length) throw new CallFailure('not-found', `no such shift: ${unknown.map((s) => s.id).join(', ')}`);
        await ctx.commit(() => {
          const before = store.shifts();
          store.saveShifts(shifts);
          ctx.audit.append({ action: 'shiftlog.shifts-update', outcome: 'ok', actor: actorOf(session.user!), ip: session.ip, data: { before, after: store.shifts() } });
        });
        return { shifts: store.shifts() };
      },

      'shiftlog:open': async ({ period, filters }, session) => {
        const p = await resolve(session, 'shiftlog.view', period);
        const scope = scopeOf(session, p, filters);
        const read = await ctx.commit(() => {
          const facts = store.facts(scope);
          // Unfiltered, the facts already hold every choice: no second scan of the period.
          const unfiltered = Object.values(filters).every((v) => v === undefined);
          const options = unfiltered ? optionsOfFacts(facts) : store.options(scope);
          const read = { facts, options, rows: store.page(scope, 0, FIRST_PAGE) };
          const shown = store.plates(scope, PLATES_RECORDED);
          ctx.audit.append({
            action: 'shiftlog.view',
            outcome: 'granted',
            actor: actorOf(session.user!),
            ip: session.ip,
            data: { ...auditData(p, filters), hits: facts.length, plates: shown.plates, ...(shown.more ? { morePlates: true } : {}) },
            purpose: PURPOSE_ADMINISTRATION,
          });
          return read;
        });
        const total = read.facts.length;
        const viewId = keepView({ sessionId: session.id, userId: session.user!.id, scope, total, openedAt: ctx.now().getTime() });
        return {
          viewId,
          period: { from: new Date(p.from).toISOString(), to: new Date(p.to).toISOString(), label: p.label },
          total,
          summary: summarize(read.facts, p.from, p.to),
          options: read.options,
          rows: read.rows,
        };
      },

      'shiftlog:rows': ({ viewId, offset, limit }, session) => {
        const view = views.get(viewId);
        if (!view || view.sessionId !== session.id || view.userId !== session.user!.id) {
          throw new CallFailure('not-found', 'this shift log is no longer open here; open the shift again');
        }
        return { total: view.total, rows: offset >= view.total ? [] : store.page(view.scope, offset, limit) };
      },

      'shiftlog:export': async ({ selection, format, purpose }, session) => {
        const { period, filters } = selection as ShiftSelection;
        const p = await resolve(session, 'shiftlog.export', period);
        const given = await requireLookupPurpose(ctx, session, 'shiftlog.export', purpose, {
          caseRequired: lookupRules(ctx.db).caseRequiredForExport,
          administrative: true,
          data: { ...auditData(p, filters), format },
        });
        const scope = scopeOf(session, p, filters);
        const rows = await ctx.commit(() => {
          const rows: ShiftRow[] = [...store.all(scope)];
          const plates = [...new Set(rows.map((r) => r.plate))];
          ctx.audit.append({
            action: 'shiftlog.export',
            outcome: 'granted',
            actor: actorOf(session.user!),
            ip: session.ip,
            data: {
              ...auditData(p, filters),
              format,
              rows: rows.length,
              plates: plates.slice(0, PLATES_RECORDED),
              ...(plates.length > PLATES_RECORDED ? { platesNotListed: plates.length - PLATES_RECORDED } : {}),
            },
            purpose: given.purpose,
            caseNumber: given.caseNumber,
          });
          return rows;
        });
        const user = session.user!;
        const head = {
          agencyName: ctx.opts.agencyName,
          periodLabel: p.label,
          from: new Date(p.from).toISOString(),
          to: new Date(p.to).toISOString(),
          exportedBy: `${user.displayName} (${user.username}${user.badge ? `, badge ${user.badge}` : ''})`,
          exportedAt: ctx.now().toISOString(),
          filters: describeFilters(filters),
        };
        if (format === 'csv') {
          return { fileName: reportFileName(p.label, 'csv'), mime: 'text/csv', text: shiftReportCsv(head, rows), rows: rows.length };
        }
        return { fileName: reportFileName(p.label, 'pdf'), mime: 'application/pdf', data: await shiftReportPdf(head, rows, summarize(facts(rows), p.from, p.to)), rows: rows.length };
      },
    },
  };
}

/** The summary's inputs from full rows (an export has them already; no second read). */
function facts(rows: ShiftRow[]): FactTuple[] {
  return rows.map((r) => {
    const read = Date.parse(r.readAt);
    const at = (ms: number | null) => (ms === null ? null : read + ms);
    // Filed (and timed) as the log files it: a retroactive hit from when it was raised, a late
    // one from when it reached this console (migrations 0018, 0019).
    const filed = r.retroactive ? read + Math.max(0, r.received) : read + (r.late ?? 0);
    return [filed, read + r.received, r.cameraId, r.cameraName, r.outcome === 'open' ? null : r.outcome, at(r.opened), r.plateCheckOutcome, at(r.broadcast), r.dispatcher, r.dispatcherName, r.list, r.broadcaster, r.broadcasterName, r.takenOverBy, r.takenOverByName];
  });
}
