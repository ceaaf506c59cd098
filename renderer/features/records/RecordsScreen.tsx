import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import {
  AGENCY_TYPES,
  AGENCY_TYPE_LABELS,
  MIN_RETENTION_DAYS,
  REQUEST_STATUS_LABELS,
  SHARING_READERS,
  SUPERVISORS,
  type AgencyType,
  type LegalHold,
  type LookupPurpose,
  type OtherConsoleHold,
  type PurgeRun,
  type RetentionState,
  type Role,
  type SharedWithEntry,
  type SharingRequest,
} from '../../../electron/contract';
import { call } from '../../api';
import { saveFile } from '../../lib/download';
import { formatDateTime, localDate } from '../../lib/time';
import { Field } from '../session/Field';
import { errorMessage, useAction } from '../shared/useAction';
import { PurposeFields, completePurpose } from '../purpose/PurposeFields';
import type { ScreenProps } from '../shell/views';
import { EvidenceExports } from './EvidenceExports';
import './records.css';
import { useSinglePress } from '../shared/useSinglePress';

/** A stored moment as local time, like every other time on the console. */
const when = (iso: string | null) => (iso ? formatDateTime(iso) : '—');

// ---- Retention ------------------------------------------------------------------------------

function runLine(r: PurgeRun): string {
  if (r.error) return `failed: ${r.error}`;
  return `${r.hits} hits, ${r.images} images, ${r.relatedRows} related rows removed; ${r.keptByHold} kept by legal holds`;
}

function RetentionSection({ isAdmin }: { isAdmin: boolean }) {
  const [state, setState] = useState<RetentionState | null>(null);
  const [days, setDays] = useState('');
  const load = useCallback(() => {
    call('records:retention', {}).then((s) => {
      setState(s);
      setDays(String(s.retentionDays));
    }, () => {});
  }, []);
  useEffect(load, [load]);
  const { run, lines } = useAction({ doneClass: 'records__done', onDone: load });
  if (!state) return <p role="status">Loading…</p>;
  return (
    <div className="records__section">
      <p>
        Hits and their images are kept <strong>{state.retentionDays} days</strong> after capture (at least {state.minimumDays}, Lodi 431.4), then
        purged daily unless a legal hold keeps them. The audit trail is never purged by this.
      </p>
      {state.agencyHolds && (
        <p>
          Legal holds placed on any console of the agency keep this console&apos;s copies too:{' '}
          {state.agencyHolds.heardAt ? (
            <>
              {state.agencyHolds.count} in force as the hub listed them at {when(state.agencyHolds.heardAt)}.
            </>
          ) : (
            'not heard from the hub yet.'
          )}
        </p>
      )}
      {state.agencyHolds?.waiting && (
        <p className="records__warning" role="status">
          The purge waits: {state.agencyHolds.waiting}. Nothing is removed until the hub lists the agency&apos;s holds.
        </p>
      )}
      <p>
        Last purge:{' '}
        {state.lastRun ? (
          <>
            {when(state.lastRun.startedAt)} ({state.lastRun.trigger}) — {runLine(state.lastRun)}
          </>
        ) : (
          'never'
        )}
      </p>
      {isAdmin && (
        <form
          className="records__form records__form--inline"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              const s = await call('records:set-retention', { retentionDays: Number(days) });
              return `Retention period set to ${s.retentionDays} days.`;
            });
          }}
        >
          <Field id="retention-days" label="Retention period (days)" type="number" min={MIN_RETENTION_DAYS} value={days} onChange={(e) => setDays(e.target.value)} />
          <button type="submit" className="button">
            Save period
          </button>
        </form>
      )}
      <button
        type="button"
        className="button button--primary"
        onClick={() =>
          void run(async () => {
            const r = await call('records:purge-now', {});
            return `Purge done: ${runLine(r)}.`;
          })
        }
      >
        Run purge now
      </button>
      {lines}
      <table className="records__table" aria-label="Purge runs">
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Trigger</th>
            <th scope="col">By</th>
            <th scope="col">Cutoff</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {state.runs.map((r) => (
            <tr key={r.id}>
              <td>{when(r.startedAt)}</td>
              <td>{r.trigger}</td>
              <td>{r.by ?? 'schedule'}</td>
              <td>{when(r.cutoff)}</td>
              <td>{runLine(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---- Legal holds ----------------------------------------------------------------------------

function holdTarget(h: Pick<LegalHold, 'kind' | 'hitId' | 'plate' | 'state' | 'from' | 'to'>): string {
  return h.kind === 'hit' ? `Hit ${h.hitId}` : `Plate ${h.plate}${h.state ? ` (${h.state})` : ''}, ${h.from} to ${h.to}`;
}

function HoldsSection() {
  const [holds, setHolds] = useState<LegalHold[]>([]);
  const [elsewhere, setElsewhere] = useState<{ holds: OtherConsoleHold[]; heardAt: string | null }>({ holds: [], heardAt: null });
  const [showReleased, setShowReleased] = useState(false);
  const empty = { kind: 'hit' as 'hit' | 'plate', hitId: '', plate: '', state: '', from: '', to: '', caseNumber: '', reason: '' };
  const [f, setF] = useState(empty);
  const [releasing, setReleasing] = useState<LegalHold | null>(null);
  const [releaseReason, setReleaseReason] = useState('');
  const load = useCallback(() => {
    call('records:holds', { includeReleased: showReleased }).then(
      (r) => {
        setHolds(r.holds);
        setElsewhere({ holds: r.elsewhere, heardAt: r.elsewhereHeardAt });
      },
      () => {},
    );
  }, [showReleased]);
  useEffect(load, [load]);
  const place = useAction({ doneClass: 'records__done', onDone: load });
  const release = useAction({ doneClass: 'records__done', onDone: load });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void place.run(async () => {
      const target =
        f.kind === 'hit'
          ? { kind: 'hit' as const, hitId: f.hitId.trim() }
          : { kind: 'plate' as const, plate: f.plate.trim().toUpperCase(), ...(f.state.trim() ? { state: f.state.trim().toUpperCase() } : {}), from: f.from, to: f.to };
      const { hold } = await call('records:place-hold', { target, caseNumber: f.caseNumber, reason: f.reason });
      setF(empty);
      return `Legal hold ${hold.id} placed on ${holdTarget(hold)}.`;
    });
  };
  return (
    <div className="records__section">
      <form className="records__form" noValidate onSubmit={submit} aria-labelledby="hold-title">
        <h3 id="hold-title">Place a legal hold</h3>
        <div className="field">
          <label htmlFor="hold-kind">Hold on</label>
          <select id="hold-kind" value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as 'hit' | 'plate' })}>
            <option value="hit">One hit</option>
            <option value="plate">A plate for a period</option>
          </select>
        </div>
        {f.kind === 'hit' ? (
          <Field
            id="hold-hit"
            label="Hit id"
            hint="Under the hit's timeline on its review screen, with a Copy button. Exporting the hit as evidence places this hold too."
            autoComplete="off"
            value={f.hitId}
            onChange={(e) => setF({ ...f, hitId: e.target.value.trim() })}
          />
        ) : (
          <>
            <Field id="hold-plate" label="Plate" autoComplete="off" value={f.plate} onChange={(e) => setF({ ...f, plate: e.target.value })} />
            <Field id="hold-state" label="State (blank: any)" maxLength={2} value={f.state} onChange={(e) => setF({ ...f, state: e.target.value })} />
            <Field id="hold-from" label="Captured from" type="date" value={f.from} onChange={(e) => setF({ ...f, from: e.target.value })} />
            <Field id="hold-to" label="Captured to" type="date" value={f.to} onChange={(e) => setF({ ...f, to: e.target.value })} />
          </>
        )}
        <Field id="hold-case" label="Case number" autoComplete="off" value={f.caseNumber} onChange={(e) => setF({ ...f, caseNumber: e.target.value })} />
        <Field id="hold-reason" label="Why (reason for the hold)" value={f.reason} onChange={(e) => setF({ ...f, reason: e.target.value })} />
        {place.lines}
        <button type="submit" className="button button--primary">
          Place hold
        </button>
      </form>
      <label className="records__check">
        <input type="checkbox" checked={showReleased} onChange={(e) => setShowReleased(e.target.checked)} /> Show released holds
      </label>
      <table className="records__table" aria-label="Legal holds">
        <thead>
          <tr>
            <th scope="col">Hold</th>
            <th scope="col">Keeps</th>
            <th scope="col">Case</th>
            <th scope="col">Why</th>
            <th scope="col">Placed</th>
            <th scope="col">Released</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {holds.map((h) => (
            <tr key={h.id}>
              <td>{h.id}</td>
              <td>{holdTarget(h)}</td>
              <td>{h.caseNumber}</td>
              <td>{h.reason}</td>
              <td>
                {h.placedBy}, {when(h.placedAt)}
              </td>
              <td>{h.releasedAt ? `${h.releasedBy}, ${when(h.releasedAt)}: ${h.releaseReason}` : 'active'}</td>
              <td>
                {!h.releasedAt && (
                  <button type="button" className="button" onClick={() => setReleasing(h)}>
                    Release hold {h.id}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {holds.length === 0 && <p>No {showReleased ? '' : 'active '}legal holds.</p>}
      {elsewhere.holds.length > 0 && (
        <table className="records__table" aria-label="Legal holds placed on other consoles">
          <caption className="records__caption">
            Placed on other consoles and kept here too, as the hub listed them at {when(elsewhere.heardAt)}; each is released on the
            console that placed it.
          </caption>
          <thead>
            <tr>
              <th scope="col">Console</th>
              <th scope="col">Keeps</th>
              <th scope="col">Case</th>
              <th scope="col">Placed</th>
            </tr>
          </thead>
          <tbody>
            {elsewhere.holds.map((h) => (
              <tr key={`${h.workstationId}/${h.holdId}/${h.placedAt ?? ''}`}>
                <td>
                  {h.workstationId}, hold {h.holdId}
                </td>
                <td>{holdTarget(h)}</td>
                <td>{h.caseNumber ?? '—'}</td>
                <td>
                  {h.placedBy ?? '—'}, {when(h.placedAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {releasing && (
        <form
          className="records__form"
          noValidate
          aria-labelledby="release-title"
          onKeyDown={(e) => {
            // Esc cancels, as in the other forms.
            if (e.key !== 'Escape') return;
            e.preventDefault();
            setReleasing(null);
          }}
          onSubmit={(e) => {
            e.preventDefault();
            void release.run(async () => {
              await call('records:release-hold', { holdId: releasing.id, reason: releaseReason });
              setReleasing(null);
              setReleaseReason('');
              return `Legal hold ${releasing.id} released.`;
            });
          }}
        >
          <h3 id="release-title">Release hold {releasing.id} (supervisors)</h3>
          <Field id="release-reason" label="Reason for release" autoFocus value={releaseReason} onChange={(e) => setReleaseReason(e.target.value)} />
          <div className="records__row">
            <button type="submit" className="button button--primary">
              Release
            </button>
            <button type="button" className="button" onClick={() => setReleasing(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {release.lines}
    </div>
  );
}

// ---- Sharing requests -------------------------------------------------------------------------

function RegisterRequest({ onDone }: { onDone(): void }) {
  const empty = { agencyName: '', agencyType: '' as AgencyType | '', requesterName: '', requesterContact: '', purpose: '', caseNumber: '', requestedOn: localDate(), plates: '', periodFrom: '', periodTo: '' };
  const [f, setF] = useState(empty);
  const [error, setError] = useState<string | null>(null);
  const [filed, setFiled] = useState<SharingRequest | null>(null);
  // One request per press (a double Enter files it once).
  const press = useSinglePress();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!press.start()) return;
    setError(null);
    setFiled(null);
    const plates = f.plates.toUpperCase().split(/[\s,;]+/).filter(Boolean);
    call('records:register-request', {
      agencyName: f.agencyName,
      agencyType: f.agencyType as AgencyType,
      requesterName: f.requesterName,
      requesterContact: f.requesterContact,
      purpose: f.purpose,
      ...(f.caseNumber.trim() ? { caseNumber: f.caseNumber } : {}),
      requestedOn: f.requestedOn,
      plates,
      periodFrom: f.periodFrom,
      periodTo: f.periodTo,
    }).then(
      ({ request }) => {
        press.succeeded();
        setFiled(request);
        setF(empty);
        onDone();
      },
      (err: unknown) => setError(errorMessage(err)),
    ).finally(() => press.end());
  };
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  return (
    <form className="records__form" noValidate onSubmit={submit} aria-labelledby="register-title">
      <h3 id="register-title">Register a request</h3>
      <Field id="req-agency" label="Agency name" value={f.agencyName} onChange={set('agencyName')} />
      <div className="field">
        <label htmlFor="req-type">Agency type</label>
        <select id="req-type" value={f.agencyType} onChange={set('agencyType')}>
          <option value="">Choose the kind of requester…</option>
          {AGENCY_TYPES.map((t) => (
            <option key={t} value={t}>
              {AGENCY_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      <Field id="req-name" label="Requester name" value={f.requesterName} onChange={set('requesterName')} />
      <Field id="req-contact" label="Requester contact" value={f.requesterContact} onChange={set('requesterContact')} />
      <Field id="req-purpose" label="Intended purpose" value={f.purpose} onChange={set('purpose')} />
      <Field id="req-case" label="Their case number (if given)" value={f.caseNumber} onChange={set('caseNumber')} />
      <Field id="req-date" label="Date of request" type="date" value={f.requestedOn} onChange={set('requestedOn')} />
      <Field id="req-plates" label="Plates asked for" hint="Separated by spaces or commas" autoComplete="off" value={f.plates} onChange={set('plates')} />
      <Field id="req-from" label="Period from" type="date" value={f.periodFrom} onChange={set('periodFrom')} />
      <Field id="req-to" label="Period to" type="date" value={f.periodTo} onChange={set('periodTo')} />
      <p className="form-error" role="alert">
        {error}
      </p>
      {filed && (
        <p role="status" className={`records__outcome records__outcome--${filed.status}`}>
          Request SR-{filed.id} registered: {REQUEST_STATUS_LABELS[filed.status]}.{filed.statusReason ? ` ${filed.statusReason}` : ''}
        </p>
      )}
      <button type="submit" className="button button--primary">
        Register request
      </button>
    </form>
  );
}

function RequestActions({ req, pdfExport, canAct, onDone }: { req: SharingRequest; pdfExport: boolean; canAct: boolean; onDone(): void }) {
  const [reason, setReason] = useState('');
  const [purpose, setPurpose] = useState<Partial<LookupPurpose>>({});
  // Another agency may act on what it receives: by default only reads a dispatcher confirmed.
  const [confirmedOnly, setConfirmedOnly] = useState(true);
  const { run, lines } = useAction({ doneClass: 'records__done', onDone });
  const decide = (decision: 'approve' | 'deny') =>
    void run(async () => {
      const { request } = await call('records:decide-request', { requestId: req.id, decision, reason });
      return `Request SR-${request.id} ${REQUEST_STATUS_LABELS[request.status].toLowerCase()}.`;
    });
  const exportAs = (format: 'csv' | 'pdf') =>
    void run(async () => {
      const lookup = completePurpose(purpose, true);
      if (!lookup) throw new Error('Choose the purpose of this export and enter the case number.');
      const file = await call('records:export-request', { requestId: req.id, format, lookup, confirmedOnly });
      saveFile(file.fileName, file.mime, file.content);
      return `Exported ${file.records} record(s) for SR-${req.id} as ${file.fileName}; logged against the request.`;
    });
  return (
    <section className="records__actions" aria-labelledby={`req-${req.id}-title`}>
      <h4 id={`req-${req.id}-title`}>
        SR-{req.id}: {req.agencyName}
      </h4>
      <p>
        {AGENCY_TYPE_LABELS[req.agencyType]} · {req.requesterName} ({req.requesterContact}) · asked on {req.requestedOn} for {req.plates.join(', ')} from {req.periodFrom} to{' '}
        {req.periodTo} · purpose: {req.purpose}
      </p>
      <p>
        <strong>{REQUEST_STATUS_LABELS[req.status]}</strong>
        {req.statusReason ? ` — ${req.statusReason}` : ''}
        {req.decidedBy ? ` (${req.decidedBy}, ${when(req.decidedAt)})` : ''}
      </p>
      {req.status === 'pending' && canAct && (
        <div className="records__form">
          <Field id={`decide-${req.id}`} label="Reason for the decision" value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="records__row">
            <button type="button" className="button button--primary" onClick={() => decide('approve')}>
              Approve
            </button>
            <button type="button" className="button" onClick={() => decide('deny')}>
              Deny
            </button>
          </div>
        </div>
      )}
      {req.status === 'approved' && canAct && (
        <div className="records__form">
          <PurposeFields id={`export-${req.id}`} caseRequired value={purpose} onChange={setPurpose} />
          <label className="records__check">
            <input type="checkbox" checked={confirmedOnly} onChange={(e) => setConfirmedOnly(e.target.checked)} /> Only hits whose plate a dispatcher
            confirmed against the image
          </label>
          <div className="records__row">
            <button type="button" className="button button--primary" onClick={() => exportAs('csv')}>
              Export CSV
            </button>
            {pdfExport && (
              <button type="button" className="button" onClick={() => exportAs('pdf')}>
                Export PDF
              </button>
            )}
          </div>
        </div>
      )}
      {(req.status === 'refused' || req.status === 'referred' || req.status === 'denied') && <p>No export is possible for this request.</p>}
      {lines}
    </section>
  );
}

/** `canAct`: supervisors and admins register, decide and export; an auditor reads the file. */
function SharingSection({ canAct }: { canAct: boolean }) {
  const [requests, setRequests] = useState<SharingRequest[]>([]);
  const [pdfExport, setPdfExport] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const load = useCallback(() => {
    call('records:requests', {}).then((r) => {
      setRequests(r.requests);
      setPdfExport(r.pdfExport);
    }, () => {});
  }, []);
  useEffect(load, [load]);
  const chosen = requests.find((r) => r.id === open) ?? null;
  return (
    <div className="records__section">
      {canAct ? <RegisterRequest onDone={load} /> : <p>The file of requests for this console&apos;s ALPR data, and what became of each (read only).</p>}
      <table className="records__table" aria-label="Sharing requests">
        <thead>
          <tr>
            <th scope="col">Request</th>
            <th scope="col">Agency</th>
            <th scope="col">Type</th>
            <th scope="col">Plates</th>
            <th scope="col">Period</th>
            <th scope="col">Status</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((r) => (
            <tr key={r.id}>
              <td>SR-{r.id}</td>
              <td>{r.agencyName}</td>
              <td>{AGENCY_TYPE_LABELS[r.agencyType]}</td>
              <td>{r.plates.join(', ')}</td>
              <td>
                {r.periodFrom} to {r.periodTo}
              </td>
              <td>{REQUEST_STATUS_LABELS[r.status]}</td>
              <td>
                <button type="button" className="button" aria-expanded={open === r.id} onClick={() => setOpen(open === r.id ? null : r.id)}>
                  Open SR-{r.id}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {requests.length === 0 && <p>No requests on file.</p>}
      {chosen && <RequestActions key={chosen.id} req={chosen} pdfExport={pdfExport} canAct={canAct} onDone={load} />}
    </div>
  );
}

function SharedWithSection() {
  const [entries, setEntries] = useState<SharedWithEntry[] | null>(null);
  useEffect(() => {
    call('records:shared-with', {}).then((r) => setEntries(r.entries), () => {});
  }, []);
  const { run, lines } = useAction({ doneClass: 'records__done' });
  return (
    <div className="records__section">
      <p>Every body ALPR data was shared with, from this console (State Auditor, 2020).</p>
      <button
        type="button"
        className="button"
        onClick={() =>
          void run(async () => {
            const file = await call('records:shared-with-csv', {});
            saveFile(file.fileName, file.mime, file.content);
            return `Saved ${file.fileName}.`;
          })
        }
      >
        Export CSV
      </button>
      {lines}
      <table className="records__table" aria-label="Shared with">
        <thead>
          <tr>
            <th scope="col">Shared</th>
            <th scope="col">Agency</th>
            <th scope="col">Type</th>
            <th scope="col">What</th>
            <th scope="col">Request</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {entries?.map((e) => (
            <tr key={e.exportId}>
              <td>{when(e.sharedAt)}</td>
              <td>{e.agencyName}</td>
              <td>{AGENCY_TYPE_LABELS[e.agencyType]}</td>
              <td>
                {e.records} record(s) of {e.plates.join(', ')}, {e.periodFrom} to {e.periodTo} ({e.format.toUpperCase()})
              </td>
              <td>SR-{e.requestId}</td>
              <td>
                {e.sharedBy} · {e.exportPurpose}
                {e.caseNumber && ` · case ${e.caseNumber}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries?.length === 0 && <p>Nothing has been shared.</p>}
    </div>
  );
}

// ---- The screen -----------------------------------------------------------------------------

const ALL_TABS = [
  { id: 'retention', label: 'Retention', roles: SUPERVISORS },
  { id: 'holds', label: 'Legal holds', roles: SUPERVISORS },
  { id: 'sharing', label: 'Sharing requests', roles: SHARING_READERS },
  { id: 'shared', label: 'Shared-with report', roles: SHARING_READERS },
] as const;
export type TabId = (typeof ALL_TABS)[number]['id'];

/**
 * Retention, legal holds and sharing requests (issue 6 items 7 and 8), for supervisors and
 * admins; an auditor reads the sharing requests and the shared-with report (California Civil
 * Code 1798.90.53: the agency's sharing is what an audit checks). The nav opens it on
 * "Retention & holds" or "Sharing requests" (`initialTab`).
 */
export function RecordsScreen({ user, epoch, initialTab = 'sharing' }: ScreenProps & { initialTab?: TabId }) {
  const TABS = ALL_TABS.filter((t) => (t.roles as readonly Role[]).includes(user.role));
  const [tab, setTab] = useState<TabId>(TABS.some((t) => t.id === initialTab) ? initialTab : TABS[0]!.id);
  const refs = useRef<Partial<Record<TabId, HTMLButtonElement | null>>>({});
  // Arrow keys, Home and End move between tabs (WAI-ARIA tabs pattern).
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    const id = TABS[next]!.id;
    setTab(id);
    refs.current[id]?.focus();
  };
  return (
    <section className="records" aria-labelledby="view-title">
      <h1 id="view-title">Retention and sharing</h1>
      <div role="tablist" aria-label="Records" className="records__tabs" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`records-tab-${t.id}`}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`records-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className="records__tab"
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`records-panel-${tab}`} aria-labelledby={`records-tab-${tab}`} key={`${tab}-${epoch}`}>
        {tab === 'retention' && <RetentionSection isAdmin={user.role === 'admin'} />}
        {tab === 'holds' && <HoldsSection />}
        {tab === 'holds' && <EvidenceExports />}
        {tab === 'sharing' && <SharingSection canAct={SUPERVISORS.includes(user.role)} />}
        {tab === 'shared' && <SharedWithSection />}
      </div>
    </section>
  );
}
