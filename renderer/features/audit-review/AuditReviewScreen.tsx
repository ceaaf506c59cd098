import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AuditRecordView, AuditStatus, CallOutput, LookupPurpose } from '../../../electron/contract';
import { call } from '../../api';
import { counted } from '../../lib/words';
import { plainLine, plainLines } from '../../lib/plain-data';
import { saveExport } from '../../lib/download';
import type { ScreenProps } from '../shell/views';
import { Field } from '../session/Field';
import { errorMessage } from '../shared/useAction';
import { PurposeFields, completePurpose } from '../purpose/PurposeFields';
import './audit-review.css';
import { BusyButton } from '../shared/BusyButton';

type Page = CallOutput<'reports:audit-search'>;
type Verify = CallOutput<'audit:verify'>;
type Cursor = Page['next'];

interface Form {
  username: string;
  plate: string;
  purpose: string;
  action: string;
  workstationId: string;
  outcome: string;
  from: string;
  to: string;
  onlyFlagged: boolean;
}

const EMPTY: Form = { username: '', plate: '', purpose: '', action: '', workstationId: '', outcome: '', from: '', to: '', onlyFlagged: false };
const PAGE = 50;

/** The form as the contract's filters: empty fields left out, local date-times as UTC instants. */
function toFilters(f: Form): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['username', 'plate', 'purpose', 'action', 'workstationId', 'outcome'] as const) if (f[k].trim()) out[k] = f[k].trim();
  for (const k of ['from', 'to'] as const) if (f[k]) out[k] = new Date(f[k]).toISOString();
  if (f.onlyFlagged) out.onlyFlagged = true;
  return out;
}

const when = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').replace('Z', ' UTC') : '—');

/** The chain's integrity on demand, and the upstream checkpoint and forwarding backlog. */
function Integrity({ epoch }: { epoch: number }) {
  const [status, setStatus] = useState<AuditStatus | null>(null);
  const [verify, setVerify] = useState<Verify | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    call('audit:status', {}).then(setStatus, (err: unknown) => setError(errorMessage(err)));
  }, []);
  useEffect(load, [load, epoch]);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setVerify(await call('audit:verify', {}));
      load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const cp = status?.lastCheckpoint;
  return (
    <section className="audit__integrity" aria-labelledby="integrity-title">
      <h2 id="integrity-title">Integrity</h2>
      <dl className="audit__facts">
        <dt>Records</dt>
        <dd>{status?.records ?? '…'}</dd>
        <dt>Last upstream checkpoint</dt>
        <dd>{cp ? `${counted(cp.count, 'record')} at ${when(cp.createdAt)}${cp.receiptAt ? `, receipted ${when(cp.receiptAt)}` : ', no receipt from the hub yet'}` : 'none yet'}</dd>
        <dt>Waiting to be forwarded</dt>
        <dd className={status?.alarm ? 'audit__bad' : undefined}>
          {status ? `${counted(status.outboxPending, 'record')}${status.oldestUnsentAt ? `, oldest from ${when(status.oldestUnsentAt)}` : ''}${status.alarm ? ' (ALARM: unsent too long)' : ''}` : '…'}
        </dd>
      </dl>
      <BusyButton type="button" className="button" onClick={() => void run()} busy={busy}>
        {busy ? 'Verifying…' : 'Verify chain'}
      </BusyButton>
      <p role="status" className={verify && !verify.ok ? 'audit__bad' : 'audit__good'}>
        {verify &&
          (verify.ok
            ? `Chain intact: ${counted(verify.records, 'record')} and ${counted(verify.checkpoints, 'checkpoint')} (${verify.receipted} receipted by the hub) verified in ${Math.round(verify.elapsedMs)} ms.`
            : `Chain BROKEN${verify.firstBad ? ` at record ${verify.firstBad.seq}: ${verify.firstBad.reason}` : ''}. ${verify.problems.join(' ')}`)}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function Details({ r }: { r: AuditRecordView }) {
  const fields: [string, string][] = [
    ['Sequence', String(r.seq)],
    ['Record ID', r.id],
    ['Time (UTC)', r.at],
    ['User', `${r.displayName ?? '—'} (${r.username ?? 'no user'}${r.userId !== null ? `, id ${r.userId}` : ''})`],
    ['Badge', r.badge ?? '—'],
    ['Agency (ORI)', r.agency ?? '—'],
    ['Workstation', r.workstationId],
    ['IP address', r.ip ?? '—'],
    ['Action', r.action],
    ['Data elements', plainLines(r.data).join('\n') || '—'],
    ['Purpose', r.purpose ?? '—'],
    ['Case number', r.caseNumber ?? '—'],
    ['Outcome', r.outcome],
    ['Flagged', r.flagged ? 'yes: data granted with no related hit and no case number' : 'no'],
    ['Previous hash', r.prevHash],
    ['Hash', r.hash],
  ];
  return (
    <dl className="audit__details" aria-label={`Record ${r.seq}`}>
      {fields.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Audit review (issue 6 items 3, 4): search the audit log, check its chain, export an extract. */
export function AuditReviewScreen({ epoch }: ScreenProps) {
  const [form, setForm] = useState<Form>(EMPTY);
  const [applied, setApplied] = useState<Record<string, unknown>>({});
  const [page, setPage] = useState<Page | null>(null);
  const [facets, setFacets] = useState<Page['facets']>(undefined);
  /** Cursors of the pages before this one (for "Newer"), and where this one started. */
  const [stack, setStack] = useState<Cursor[]>([]);
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [purpose, setPurpose] = useState<Partial<LookupPurpose>>({});
  const [caseRequired, setCaseRequired] = useState(true);
  const [exportMsg, setExportMsg] = useState<{ ok: boolean; text: string } | null>(null);

  const fetchPage = useCallback(async (filters: Record<string, unknown>, cursor: Cursor, nextStack: Cursor[]) => {
    setBusy(true);
    setError(null);
    try {
      const p = await call('reports:audit-search', { filters, limit: PAGE, cursor });
      setPage(p);
      if (p.facets) setFacets(p.facets);
      setApplied(filters);
      setStack(nextStack);
      setOpen(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    void fetchPage({}, null, [null]);
    call('reports:rules', {}).then((r) => setCaseRequired(r.caseRequiredForExport), () => {});
  }, [fetchPage, epoch]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void fetchPage(toFilters(form), null, [null]);
  };

  const exportAs = async (format: 'csv' | 'pdf') => {
    setExportMsg(null);
    const given = completePurpose(purpose, caseRequired);
    if (!given) {
      setExportMsg({ ok: false, text: caseRequired ? 'Choose a purpose and enter the case number before exporting.' : 'Choose a purpose before exporting.' });
      return;
    }
    try {
      const out = await call('reports:audit-export', { filters: applied, format, purpose: given });
      saveExport(out);
      setExportMsg({ ok: true, text: `Exported ${out.rows} records as ${out.fileName}.` });
    } catch (err) {
      setExportMsg({ ok: false, text: errorMessage(err) });
    }
  };

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm({ ...form, [k]: v });
  const start = stack.length ? (stack.length - 1) * PAGE : 0;

  return (
    <section className="audit" aria-labelledby="view-title">
      <h1 id="view-title">Audit review</h1>
      <Integrity epoch={epoch} />

      <form className="audit__search" role="search" aria-label="Search the audit log" onSubmit={submit} noValidate>
        <Field id="audit-user" label="User" list="audit-users" autoComplete="off" value={form.username} onChange={(e) => set('username', e.target.value)} />
        <Field id="audit-plate" label="Plate" hint="? one character, * any run" autoComplete="off" value={form.plate} onChange={(e) => set('plate', e.target.value.toUpperCase())} />
        <div className="field">
          <label htmlFor="audit-purpose">Purpose</label>
          <select id="audit-purpose" value={form.purpose} onChange={(e) => set('purpose', e.target.value)}>
            <option value="">Any purpose</option>
            {facets?.purposes.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <Field id="audit-action" label="Action" list="audit-actions" autoComplete="off" value={form.action} onChange={(e) => set('action', e.target.value)} />
        <Field id="audit-workstation" label="Workstation" list="audit-workstations" autoComplete="off" value={form.workstationId} onChange={(e) => set('workstationId', e.target.value)} />
        <div className="field">
          <label htmlFor="audit-outcome">Outcome</label>
          <select id="audit-outcome" value={form.outcome} onChange={(e) => set('outcome', e.target.value)}>
            <option value="">Any outcome</option>
            {['granted', 'refused', 'ok', 'failed'].map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
        <Field id="audit-from" label="From (local time)" type="datetime-local" value={form.from} onChange={(e) => set('from', e.target.value)} />
        <Field id="audit-to" label="To (local time)" type="datetime-local" value={form.to} onChange={(e) => set('to', e.target.value)} />
        <div className="field field--check">
          <input id="audit-flagged" type="checkbox" checked={form.onlyFlagged} onChange={(e) => set('onlyFlagged', e.target.checked)} />
          <label htmlFor="audit-flagged">Only flagged (no related hit or case)</label>
        </div>
        <div className="audit__buttons">
          <button type="submit" className="button button--primary" disabled={busy}>
            Search
          </button>
          <button type="button" className="button" onClick={() => { setForm(EMPTY); void fetchPage({}, null, [null]); }}>
            Clear
          </button>
        </div>
        <datalist id="audit-users">{facets?.usernames.map((u) => <option key={u} value={u} />)}</datalist>
        <datalist id="audit-actions">{facets?.actions.map((a) => <option key={a} value={a} />)}</datalist>
        <datalist id="audit-workstations">{facets?.workstations.map((w) => <option key={w} value={w} />)}</datalist>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}

      <section aria-labelledby="results-title">
        <h2 id="results-title">Records</h2>
        <p role="status" aria-live="polite">
          {/* A refused search leaves the last results: say they are not this search's. */}
          {page && error && 'Not searched (see above); still showing the previous search: '}
          {page &&
            (page.records.length
              ? `Records ${start + 1}–${start + page.records.length} of ${page.totalCapped ? `more than ${page.total.toLocaleString('en-US')}` : page.total.toLocaleString('en-US')}`
              : 'No records match.')}
        </p>
        <table className="audit__table" aria-labelledby="results-title">
          <thead>
            <tr>
              <th scope="col">Time (UTC)</th>
              <th scope="col">User</th>
              <th scope="col">Workstation / IP</th>
              <th scope="col">Action</th>
              <th scope="col">Data elements</th>
              <th scope="col">Purpose</th>
              <th scope="col">Case</th>
              <th scope="col">Outcome</th>
              <th scope="col">
                <span className="visually-hidden">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page?.records.map((r) => (
              <FragmentRow key={r.seq} r={r} open={open === r.seq} onToggle={() => setOpen(open === r.seq ? null : r.seq)} />
            ))}
          </tbody>
        </table>
        <div className="audit__buttons">
          <BusyButton
            type="button"
            className="button"
            busy={busy || stack.length <= 1}
            onClick={() => void fetchPage(applied, stack[stack.length - 2] ?? null, stack.slice(0, -1))}
          >
            Newer
          </BusyButton>
          <BusyButton type="button" className="button" busy={busy || !page?.next} onClick={() => page?.next && void fetchPage(applied, page.next, [...stack, page.next])}>
            Older
          </BusyButton>
        </div>
      </section>

      <section className="audit__export" aria-labelledby="export-title">
        <h2 id="export-title">Export this search</h2>
        <PurposeFields id="audit-export" caseRequired={caseRequired} administrative value={purpose} onChange={setPurpose} />
        <div className="audit__buttons">
          <button type="button" className="button" onClick={() => void exportAs('csv')}>
            Export CSV
          </button>
          <button type="button" className="button" onClick={() => void exportAs('pdf')}>
            Export PDF
          </button>
        </div>
        {exportMsg && (
          <p className={exportMsg.ok ? 'audit__good' : 'form-error'} role={exportMsg.ok ? 'status' : 'alert'}>
            {exportMsg.text}
          </p>
        )}
      </section>
    </section>
  );
}

function FragmentRow({ r, open, onToggle }: { r: AuditRecordView; open: boolean; onToggle(): void }) {
  return (
    <>
      <tr className={r.flagged ? 'audit__row--flagged' : undefined}>
        <td>{r.at.replace('T', ' ').replace('Z', '')}</td>
        <td>{r.displayName ? `${r.displayName} (${r.username})` : (r.username ?? '—')}</td>
        <td>{[r.workstationId, r.ip].filter(Boolean).join(' · ')}</td>
        <td>{r.action}</td>
        <td className="audit__data">{plainLine(r.data)}</td>
        <td>{r.purpose ?? '—'}</td>
        <td>{r.caseNumber ?? '—'}</td>
        <td>
          {r.outcome}
          {r.flagged && <strong className="audit__flag"> FLAGGED</strong>}
        </td>
        <td>
          <button type="button" className="button" aria-expanded={open} aria-label={`Details of record ${r.seq}`} onClick={onToggle}>
            {open ? 'Hide' : 'Details'}
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={9}>
            <Details r={r} />
          </td>
        </tr>
      )}
    </>
  );
}
