/**
 * The records domain of the core (issue 6 items 7, 8): the retention purge and its schedule,
 * legal holds, the file of sharing requests with their exports, and evidence packages (item 9,
 * evidence.ts). See README.md here and
 * the contract, electron/contract/records.ts.
 */
import { AGENCY_TYPE_LABELS, EVIDENCE_MIME, REQUEST_STATUS_LABELS, type ExportFile, type recordsCalls, PURPOSE_ADMINISTRATION } from '../../contract';
import { actorOf, type CoreContext, type CoreModule, type Session } from '../context';
import type { User } from '../../contract';
import { CallFailure } from '../errors';
import { requireLookupPurpose } from '../audit/purpose';
import { FieldCipher } from '../util/field-crypto';
import { toCsv } from '../util/csv';
import { renderTablePdf } from '../reports/pdf';
import { lookupRules } from '../reports/rules';
import { AgencyHoldsCopy } from './agency-holds';
import { Retention } from './retention';
import { Holds, holdCoverage } from './holds';
import { EXPORT_COLUMNS, SHARED_WITH_COLUMNS, SharingFile, sharedWithRow } from './sharing';
import { localDate } from '../shiftlog/periods';
import { EvidenceFile, buildPackage } from './evidence';

export type RecordsChannel = keyof typeof recordsCalls;


/** What a sharing export's head says about the hits it holds. */
const ONLY_CONFIRMED = 'only those whose plate a dispatcher confirmed against the image';
const ALL_HITS = 'all but those found misread (the Plate check column says which were confirmed)';

/** How a person is named on file: display name and username. */
const who = (u: User) => `${u.displayName} (${u.username})`;

export function recordsModule(ctx: CoreContext): CoreModule<RecordsChannel> {
  const cipher = ctx.opts.dataKey ? FieldCipher.fromKey(ctx.opts.dataKey) : FieldCipher.forDataDir(ctx.opts.dataDir);
  const agencyHolds = new AgencyHoldsCopy(ctx);
  const retention = new Retention(ctx, agencyHolds);
  const holds = new Holds(ctx.db);
  const sharing = new SharingFile(ctx.db, cipher);
  const evidence = new EvidenceFile(ctx.db);
  const by = (s: Session) => ({ actor: actorOf(s.user!), ip: s.ip });

  /** A read of the records file is itself a logged lookup (it names plates and cases). */
  const logRead = (session: Session, action: string, data: Record<string, unknown>) =>
    ctx.appendAudit({ action, outcome: 'granted', ...by(session), purpose: PURPOSE_ADMINISTRATION, data });

  const refuse = async (
    session: Session,
    action: string,
    data: Record<string, unknown>,
    code: 'not-found' | 'conflict' | 'invalid-input' | 'unavailable',
    message: string,
  ): Promise<never> => {
    await ctx.appendAudit({ action, outcome: 'refused', ...by(session), data: { ...data, reason: message } });
    throw new CallFailure(code, message);
  };

  const day = () => ctx.now().toISOString().slice(0, 10);
  /** Today on the agency's calendar (hold and sharing periods are local days). */
  const localDay = () => localDate(ctx.now().getTime());

  return {
    start: () => {
      agencyHolds.start();
      retention.start();
    },
    stop: () => retention.stop(),
    handlers: {
      'records:retention': () => retention.state(),
      'records:set-retention': async ({ retentionDays }, session) => {
        const before = retention.retentionDays();
        await ctx.commit(() => {
          retention.setRetentionDays(retentionDays);
          ctx.audit.append({ action: 'records.retention-change', outcome: 'ok', ...by(session), data: { before, after: retentionDays } });
        });
        return retention.state();
      },
      'records:purge-now': async (_input, session) => {
        const waiting = await agencyHolds.readyForPurge();
        if (waiting !== null) {
          await refuse(session, 'records.purge', { trigger: 'manual' }, 'unavailable', `The purge waits: ${waiting}. Nothing was removed; it runs once the hub lists them.`);
        }
        return retention.run('manual', by(session));
      },

      'records:holds': async ({ includeReleased }, session) => {
        // A hold on a hit of a hotlist this role may not see is left out, as the hit itself is.
        const visible = (h: { kind: string; hitId: string | null }) => {
          const item = h.kind === 'hit' && h.hitId ? ctx.hits.queueItem(h.hitId) : null;
          return !item || ctx.visibleItems(session.user!.role, [item]).length === 1;
        };
        const list = holds.list(includeReleased === true).filter(visible);
        const elsewhere = agencyHolds.elsewhere().filter(visible);
        await logRead(session, 'records:holds', { holds: list.length, elsewhere: elsewhere.length, includeReleased: includeReleased === true });
        return { holds: list, elsewhere, elsewhereHeardAt: agencyHolds.state()?.heardAt ?? null };
      },
      'records:place-hold': async ({ target, caseNumber, reason }, session) => {
        if (target.kind === 'hit') {
          if (!ctx.hits.exists(target.hitId)) {
            await refuse(session, 'records.hold-place', { hitId: target.hitId }, 'not-found', 'no such hit on this console');
          }
          await ctx.refuseHiddenHit(target.hitId, session, 'records.hold-place');
        }
        // A hold keeps what exists: a period running into the future would keep every later
        // read of the plate past retention, with no one deciding on it again.
        const asked = target.kind === 'hit' ? { kind: 'hit', hitId: target.hitId } : { kind: 'plate', plate: target.plate, state: target.state ?? null, from: target.from, to: target.to };
        if (target.kind === 'plate' && target.to > localDay()) {
          await refuse(session, 'records.hold-place', asked, 'invalid-input', `a hold keeps reads that exist: its period ends today (${localDay()}) at the latest`);
        }
        const same = holds
          .list(false)
          .find((h) => h.caseNumber === caseNumber && (target.kind === 'hit' ? h.hitId === target.hitId : h.plate === target.plate && h.state === (target.state ?? null) && h.from === target.from && h.to === target.to));
        if (same) {
          await refuse(session, 'records.hold-place', asked, 'conflict', `legal hold ${same.id} already keeps this for case ${caseNumber}`);
        }
        const hold = await ctx.commit(() => {
          const placed = holds.place(target, caseNumber, reason, who(session.user!), ctx.now().toISOString());
          const record = ctx.audit.append({ action: 'records.hold-place', outcome: 'ok', ...by(session), caseNumber, data: { ...holdCoverage(placed), reason } });
          holds.notePlaceRecord(placed.id, record.id);
          return placed;
        });
        return { hold };
      },
      'records:release-hold': async ({ holdId, reason }, session) => {
        const hold = holds.get(holdId);
        if (!hold) return refuse(session, 'records.hold-release', { holdId }, 'not-found', `no legal hold ${holdId}`);
        if (hold.releasedAt) return refuse(session, 'records.hold-release', { holdId }, 'conflict', `legal hold ${holdId} was already released by ${hold.releasedBy} at ${hold.releasedAt}`);
        await ctx.commit(() => {
          if (!holds.release(holdId, reason, who(session.user!), ctx.now().toISOString())) throw new CallFailure('conflict', `legal hold ${holdId} was already released`);
          // The record that placed it: the hub ends exactly that hold, whatever order the two
          // records reach it in.
          const placeRecordId = holds.placeRecordId(holdId);
          ctx.audit.append({
            action: 'records.hold-release',
            outcome: 'ok',
            ...by(session),
            caseNumber: hold.caseNumber,
            data: { ...holdCoverage(hold), reason, ...(placeRecordId ? { placeRecordId } : {}) },
          });
        });
        return { hold: holds.get(holdId)! };
      },

      'records:requests': async (_input, session) => {
        const requests = sharing.list();
        await logRead(session, 'records:requests', { requests: requests.length });
        return { requests, pdfExport: true };
      },
      'records:register-request': async (input, session) => {
        // A request is for data that exists, asked for in writing already: one approval must
        // not become a standing grant for every later read of the plates.
        const today = localDay();
        const late = input.periodTo > today ? `the period ends today (${today}) at the latest: a request is for reads that exist` : input.requestedOn > today ? `the request's date (${input.requestedOn}) is after today` : null;
        if (late) await refuse(session, 'records.request-register', { agency: input.agencyName, plates: input.plates, period: [input.periodFrom, input.periodTo] }, 'invalid-input', late);
        const request = await ctx.commit(() => {
          const filed = sharing.register(input, who(session.user!), ctx.now().toISOString());
          ctx.audit.append({
            action: 'records.request-register',
            outcome: filed.status === 'refused' ? 'refused' : 'ok',
            ...by(session),
            purpose: null,
            caseNumber: filed.caseNumber,
            data: {
              requestId: filed.id,
              agency: filed.agencyName,
              agencyType: filed.agencyType,
              status: filed.status,
              plates: filed.plates,
              period: [filed.periodFrom, filed.periodTo],
              ...(filed.statusReason ? { rule: filed.statusReason } : {}),
            },
          });
          return filed;
        });
        return { request };
      },
      'records:decide-request': async ({ requestId, decision, reason }, session) => {
        const req = sharing.get(requestId);
        const action = 'records.request-decide';
        if (!req) return refuse(session, action, { requestId }, 'not-found', `no sharing request SR-${requestId}`);
        if (req.status !== 'pending') {
          return refuse(session, action, { requestId }, 'conflict', `request SR-${requestId} is not awaiting a decision: ${REQUEST_STATUS_LABELS[req.status].toLowerCase()}`);
        }
        const status = decision === 'approve' ? 'approved' : 'denied';
        await ctx.commit(() => {
          if (!sharing.decide(requestId, status, reason, who(session.user!), ctx.now().toISOString())) throw new CallFailure('conflict', `request SR-${requestId} was already decided`);
          ctx.audit.append({ action, outcome: 'ok', ...by(session), caseNumber: req.caseNumber, data: { requestId, agency: req.agencyName, decision: status, reason } });
        });
        return { request: sharing.get(requestId)! };
      },
      'records:export-request': async ({ requestId, format, lookup, confirmedOnly }, session) => {
        const action = 'records:export-request';
        const purpose = await requireLookupPurpose(ctx, session, action, lookup, { caseRequired: lookupRules(ctx.db).caseRequiredForExport, data: { requestId } });
        const req = sharing.get(requestId);
        if (!req) return refuse(session, action, { requestId }, 'not-found', `no sharing request SR-${requestId}`);
        if (req.status !== 'approved') {
          return refuse(session, action, { requestId, agency: req.agencyName }, 'conflict', `request SR-${requestId} is not approved (${REQUEST_STATUS_LABELS[req.status].toLowerCase()}): nothing can be exported for it`);
        }
        const exportedAt = ctx.now().toISOString();
        // The lookup is on disk, against the request, before any data leaves the core.
        const rows = await ctx.commit(() => {
          // Only the hotlists the exporter's role may see, as in search and the shift log.
          const found = ctx.visibleItems(session.user!.role, sharing.exportRows(req, confirmedOnly === true));
          const record = ctx.audit.append({
            action,
            outcome: 'granted',
            ...by(session),
            purpose: purpose.purpose,
            caseNumber: purpose.caseNumber,
            data: {
              requestId,
              agency: req.agencyName,
              agencyType: req.agencyType,
              requesterPurpose: req.purpose,
              plates: req.plates,
              period: [req.periodFrom, req.periodTo],
              format,
              records: found.length,
              ...(confirmedOnly ? { confirmedOnly: true } : {}),
            },
          });
          sharing.recordExport({ requestId, at: exportedAt, by: who(session.user!), format, records: found.length, purpose: purpose.purpose, caseNumber: purpose.caseNumber, auditId: record.id });
          return found;
        });
        const cells = rows.map((r) => [
          `SR-${requestId}`, r.hitId, r.plate, r.state, r.capturedAt, r.cameraId, r.cameraName, r.direction, r.list, r.reason, r.plateCheck, r.clets,
        ]);
        const base = `sharing-SR-${requestId}-${day()}`;
        if (format === 'csv') {
          // The same head as the PDF's notes and the shift report's: who asked, who approved,
          // who exported it, when and why; then an empty line and the table.
          const head = toCsv([`ALPR data shared with ${req.agencyName}`, `request SR-${requestId}`], [
            ['Agency', ctx.opts.agencyName],
            ['Requested by', `${req.requesterName} (${AGENCY_TYPE_LABELS[req.agencyType]}) on ${req.requestedOn}`],
            ['Requester purpose', req.purpose],
            ['Approved by', `${req.decidedBy ?? ''} at ${req.decidedAt ?? ''}: ${req.statusReason ?? ''}`],
            ['Period', `${req.periodFrom} to ${req.periodTo}`],
            ['Exported by', who(session.user!)],
            ['Exported at', exportedAt],
            ['Export purpose', purpose.purpose],
            ['Case number', purpose.caseNumber ?? ''],
            ['Records', String(rows.length)],
            ['Hits included', confirmedOnly ? ONLY_CONFIRMED : ALL_HITS],
          ]);
          const csv = `${head}\r\n${toCsv(EXPORT_COLUMNS, cells)}`;
          return { fileName: `${base}.csv`, mime: 'text/csv', content: new TextEncoder().encode(csv), records: rows.length };
        }
        const content = await renderTablePdf({
          title: `ALPR data shared with ${req.agencyName} (request SR-${requestId})`,
          agencyName: ctx.opts.agencyName,
          periodFrom: req.periodFrom,
          periodTo: req.periodTo,
          exportedBy: who(session.user!),
          exportedAt,
          columns: EXPORT_COLUMNS.map((header) => ({ header, width: header === 'Hit' || header === 'Camera name' || header === 'Reason' ? 2 : 1 })),
          rows: cells,
          notes: [
            `Requested by ${req.requesterName} (${AGENCY_TYPE_LABELS[req.agencyType]}) on ${req.requestedOn} for: ${req.purpose}`,
            `Approved by ${req.decidedBy} at ${req.decidedAt}: ${req.statusReason ?? ''}`,
            `Exported for "${purpose.purpose}"${purpose.caseNumber ? `, case ${purpose.caseNumber}` : ''}. ${rows.length} record(s).`,
            `Hits included: ${confirmedOnly ? ONLY_CONFIRMED : ALL_HITS}.`,
          ],
        });
        return { fileName: `${base}.pdf`, mime: 'application/pdf', content, records: rows.length } satisfies ExportFile;
      },
      'records:shared-with': async (_input, session) => {
        const entries = sharing.sharedWith();
        await logRead(session, 'records:shared-with', { entries: entries.length });
        return { entries };
      },
      'records:evidence-export': async ({ hitId, reason, purpose: given }, session) => {
        const action = 'records.evidence-export';
        // Evidence is booked under a case: the case number is required whatever the purpose.
        const purpose = await requireLookupPurpose(ctx, session, action, given, { caseRequired: true, data: { hitId } });
        const caseNumber = purpose.caseNumber!;
        const user = session.user!;
        const refused = async (why: string): Promise<never> => {
          await ctx.appendAudit({ action, outcome: 'refused', ...by(session), purpose: purpose.purpose, caseNumber, data: { hitId, reason: why } });
          // The same answer for a hit that is not here and one the role may not see.
          throw new CallFailure('not-found', 'no such hit on this console');
        };
        const item = ctx.hits.queueItem(hitId);
        if (!item) return refused('no such hit on this console');
        if (ctx.visibleItems(user.role, [item]).length === 0) return refused('list not visible to role');
        const at = ctx.now();
        const out = await ctx.commit(() => {
          // A hold for this case keeps the hit past the retention period (Lodi 431.4): placed
          // now unless this case already holds the hit. Its own record, so the hub keeps it too.
          const heldId = evidence.activeHitHold(hitId, caseNumber);
          const hold = heldId !== null ? holds.get(heldId)! : holds.place({ kind: 'hit', hitId }, caseNumber, reason, who(user), at.toISOString());
          if (heldId === null) {
            ctx.audit.append({ action: 'records.hold-place', outcome: 'ok', ...by(session), caseNumber, data: { ...holdCoverage(hold), reason, evidenceExport: true } });
          }
          const pkg = buildPackage(ctx.db, ctx.hits, cipher, {
            hitId,
            caseNumber,
            purpose: purpose.purpose,
            reason,
            user,
            at,
            workstationId: ctx.opts.workstationId,
            consoleVersion: ctx.opts.version,
            agencyName: ctx.opts.agencyName,
            hold,
            holdPlacedWithExport: heldId === null,
            visibleMatches: (items) => ctx.visibleItems(user.role, items),
          });
          // The record of the export follows the package's last audit record in the chain and
          // carries the package's SHA-256.
          const record = ctx.audit.append({
            action,
            outcome: 'granted',
            ...by(session),
            purpose: purpose.purpose,
            caseNumber,
            data: {
              hitId,
              plate: pkg.manifest.plate,
              state: pkg.manifest.state,
              reason,
              fileName: pkg.fileName,
              bytes: pkg.content.byteLength,
              sha256: pkg.sha256,
              files: pkg.manifest.files.length + 2,
              holdId: hold.id,
              holdPlaced: heldId === null,
            },
          });
          const exportId = evidence.record({
            hitId,
            caseNumber,
            purpose: purpose.purpose,
            reason,
            fileName: pkg.fileName,
            bytes: pkg.content.byteLength,
            sha256: pkg.sha256,
            files: pkg.manifest.files.length + 2,
            holdId: hold.id,
            exportedBy: who(user),
            exportedAt: at.toISOString(),
            workstationId: ctx.opts.workstationId,
            auditId: record.id,
          });
          return { ...pkg, exportId };
        });
        return { fileName: out.fileName, mime: EVIDENCE_MIME, content: out.content, sha256: out.sha256, manifest: out.manifest, exportId: out.exportId };
      },
      'records:evidence-list': async ({ hitId }, session) => {
        const exports = evidence.list(hitId);
        await logRead(session, 'records:evidence-list', { exports: exports.length, ...(hitId ? { hitId } : {}) });
        return { exports };
      },
      'records:shared-with-csv': async (_input, session) => {
        const entries = sharing.sharedWith();
        await logRead(session, 'records:shared-with-csv', { entries: entries.length, format: 'csv' });
        const csv = toCsv(SHARED_WITH_COLUMNS, entries.map(sharedWithRow));
        return { fileName: `shared-with-${day()}.csv`, mime: 'text/csv', content: new TextEncoder().encode(csv), records: entries.length };
      },
    },
  };
}
