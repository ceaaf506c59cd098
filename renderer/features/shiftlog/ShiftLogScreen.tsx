/**
 * Shift log (issue 6 items 1, 2 and the shift report): choose a shift and date (or any period),
 * filter, and see every hit with its timeline, a summary per dispatcher and the charts.
 * Opening a log is one audit record in the core; the rows then arrive page by page.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { readableIssue } from '../session/field-errors';
import { HIT_WORKERS, type CallOutput, type LookupPurpose, type Shift, type ShiftFilters, type ShiftPeriod } from '../../../electron/contract';
import { call } from '../../api';
import { saveExport } from '../../lib/download';
import type { ScreenProps } from '../shell/views';
import { PurposeFields, completePurpose } from '../purpose/PurposeFields';
import { ShiftLogTable } from './ShiftLogTable';
import { ShiftCharts } from './Charts';
import { ShiftEditor } from './ShiftEditor';
import { duration, outcomeLabel } from './format';
import './shiftlog.css';
import { BusyButton } from '../shared/BusyButton';
import { useRemembered } from '../../lib/remember';

type Opened = CallOutput<'shiftlog:open'>;

/** Bad input in the screen's own words ("To: the period ends before it starts"), not the call's name. */
const FIELD_LABELS: Record<string, string> = { 'period.to': 'To', 'period.from': 'From', 'period.date': 'Date', 'shifts': 'Shifts' };
const errorText = (err: unknown) => {
  const e = err as { code?: string; message?: string; details?: string[] };
  if (e.code === 'invalid-input' && e.details?.length) return e.details.map((d) => readableIssue(d, FIELD_LABELS)).join(' ');
  return [e.message ?? String(err), ...(e.details ?? [])].join(' ');
};

const today = () => {
  const t = new Date();
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;
};

/** `datetime-local` values are local wall-clock times; the contract wants instants. */
const instant = (local: string) => (local ? new Date(local).toISOString() : '');

export function ShiftLogScreen({ user, epoch, onOpenHit }: ScreenProps) {
  const [shifts, setShifts] = useState<Shift[]>([]);
  // Kept for the sign-in: back from another screen, the log is as it was (no second view record).
  const [mode, setMode] = useRemembered<'shift' | 'period'>('shiftlog.mode', 'shift');
  const [shiftId, setShiftId] = useRemembered<number | null>('shiftlog.shiftId', null);
  const [date, setDate] = useRemembered('shiftlog.date', today);
  const [from, setFrom] = useRemembered('shiftlog.from', '');
  const [to, setTo] = useRemembered('shiftlog.to', '');
  const [filters, setFilters] = useRemembered<ShiftFilters>('shiftlog.filters', {});
  const [opened, setOpened] = useRemembered<Opened | null>('shiftlog.opened', null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [timeZone, setTimeZone] = useState<string | null>(null);
  const firstVisit = useRef(shiftId === null);

  const loadShifts = useCallback(() => {
    call('shiftlog:shifts', {}).then(
      (r) => {
        setShifts(r.shifts);
        setTimeZone(r.timeZone);
        // First time here this sign-in: the shift going on now, from the date it started.
        const now = firstVisit.current ? r.current : null;
        firstVisit.current = false;
        if (now) {
          setShiftId(now.shiftId);
          setDate(now.date);
        } else {
          setShiftId((id) => (id !== null && r.shifts.some((s) => s.id === id) ? id : (r.shifts[0]?.id ?? null)));
        }
      },
      (err: unknown) => setError(errorText(err)),
    );
  }, []);
  useEffect(loadShifts, [loadShifts, epoch]);

  const period = (): ShiftPeriod | null =>
    mode === 'shift' ? (shiftId === null ? null : { shiftId, date }) : from && to ? { from: instant(from), to: instant(to) } : null;

  const show = async (f: ShiftFilters = filters) => {
    const p = period();
    if (!p) {
      setError(mode === 'shift' ? 'Choose a shift and a date.' : 'Give the start and the end of the period.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setOpened(await call('shiftlog:open', { period: p, filters: f }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const setFilter = (key: keyof ShiftFilters, value: string) => {
    const next = { ...filters, [key]: value || undefined };
    setFilters(next);
    if (opened) void show(next);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy) void show();
  };

  const o = opened?.options;
  const s = opened?.summary;
  return (
    <section aria-labelledby="view-title" className="shiftlog">
      <h1 id="view-title">Shift log</h1>
      {timeZone && <p className="screen__meta">Shifts and periods are in this console&apos;s time zone, {timeZone}.</p>}
      <form className="shiftlog__pick" onSubmit={submit} aria-label="Choose a shift">
        <fieldset>
          <legend>Show</legend>
          <label><input type="radio" name="shift-mode" checked={mode === 'shift'} onChange={() => setMode('shift')} /> A shift</label>
          <label><input type="radio" name="shift-mode" checked={mode === 'period'} onChange={() => setMode('period')} /> A period</label>
        </fieldset>
        {mode === 'shift' ? (
          <>
            <div className="field">
              <label htmlFor="shift-pick">Shift</label>
              <select id="shift-pick" value={shiftId ?? ''} onChange={(e) => setShiftId(Number(e.target.value))}>
                {shifts.map((sh) => (
                  <option key={sh.id} value={sh.id}>{`${sh.name} (${sh.start}–${sh.end})`}</option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="shift-date">Date the shift starts</label>
              <input id="shift-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            </div>
          </>
        ) : (
          <>
            <div className="field">
              <label htmlFor="period-from">From</label>
              <input id="period-from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="period-to">To</label>
              <input id="period-to" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
            </div>
          </>
        )}
        <BusyButton type="submit" className="button button--primary" busy={busy}>
          {busy ? 'Loading…' : 'Show shift log'}
        </BusyButton>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}

      {opened && o && s && (
        <>
          <p role="status" className="shiftlog__period">
            {opened.period.label}: {opened.total.toLocaleString()} hits
          </p>
          <div className="shiftlog__filters" role="group" aria-label="Filters">
            <FilterSelect id="f-outcome" label="Outcome" value={filters.outcome} onChange={(v) => setFilter('outcome', v)} options={o.outcomes.map((x) => [x, outcomeLabel(x)])} />
            <FilterSelect id="f-camera" label="Camera" value={filters.cameraId} onChange={(v) => setFilter('cameraId', v)} options={o.cameras.map((c) => [c.id, c.name])} />
            <FilterSelect id="f-list" label="Hotlist" value={filters.list} onChange={(v) => setFilter('list', v)} options={o.lists.map((l) => [l, l])} />
            <FilterSelect id="f-dispatcher" label="Dispatcher" value={filters.dispatcher} onChange={(v) => setFilter('dispatcher', v)} options={o.dispatchers.map((d) => [d.username, d.displayName])} />
          </div>
          <dl className="shiftlog__totals" aria-label="Totals">
            <div><dt>Hits</dt><dd>{s.hits.toLocaleString()}</dd></div>
            <div><dt>Confirmed</dt><dd>{s.confirmed.toLocaleString()}</dd></div>
            <div><dt>Misreads</dt><dd>{s.misreads.toLocaleString()}</dd></div>
            <div><dt>Still open</dt><dd>{s.open.toLocaleString()}</dd></div>
            <div><dt>Read to broadcast, median</dt><dd>{duration(s.medianToBroadcastMs)}</dd></div>
            <div><dt>Read to broadcast, 90th percentile</dt><dd>{duration(s.p90ToBroadcastMs)}</dd></div>
          </dl>
          <ShiftCharts summary={s} />
          <table className="shiftlog__people" aria-label="Per dispatcher">
            <thead>
              <tr>
                <th scope="col">Dispatcher</th><th scope="col">Hits handled</th><th scope="col">Confirmed</th><th scope="col">Misreads</th>
                <th scope="col">Broadcast</th><th scope="col">Read to broadcast, median</th><th scope="col">90th percentile</th><th scope="col">Time to open, median</th>
              </tr>
            </thead>
            <tbody>
              {s.dispatchers.map((d) => (
                <tr key={d.username}>
                  <th scope="row">{d.displayName}</th><td>{d.handled}</td><td>{d.confirmed}</td><td>{d.misreads}</td><td>{d.broadcasts}</td>
                  <td>{duration(d.medianToBroadcastMs)}</td><td>{duration(d.p90ToBroadcastMs)}</td><td>{duration(d.medianToOpenMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ShiftLogTable viewId={opened.viewId} total={opened.total} firstRows={opened.rows} onOpenHit={HIT_WORKERS.includes(user.role) ? onOpenHit : undefined} />
          <ExportPanel period={period()} filters={filters} shown={opened.total} />
        </>
      )}
      {user.role === 'admin' && <ShiftEditor shifts={shifts} onSaved={loadShifts} />}
    </section>
  );
}

function FilterSelect({ id, label, value, options, onChange }: { id: string; label: string; value: string | undefined; options: [string, string][]; onChange(v: string): void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">All</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>{l}</option>
        ))}
      </select>
    </div>
  );
}

/** Exports need a purpose and (by the agency's rules, by default) a case number; the core logs them. */
function ExportPanel({ period, filters, shown }: { period: ShiftPeriod | null; filters: ShiftFilters; shown: number }) {
  const [purpose, setPurpose] = useState<Partial<LookupPurpose>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // The agency's rule (reports:rules); until it is known, ask for the case number.
  const [caseRequired, setCaseRequired] = useState(true);
  useEffect(() => {
    call('reports:rules', {}).then((r) => setCaseRequired(r.caseRequiredForExport), () => setCaseRequired(true));
  }, []);
  // One export per press: a double click made two files and two audit records.
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = async (format: 'csv' | 'pdf') => {
    if (running.current) return;
    setError(null);
    setDone(null);
    const p = completePurpose(purpose, caseRequired);
    if (!p || !period) {
      setError('Choose a purpose and give the case number before exporting.');
      return;
    }
    running.current = true;
    setBusy(true);
    try {
      const out = await call('shiftlog:export', { selection: { period, filters }, format, purpose: p });
      saveExport(out);
      // The export reads the log as it is now; a live shift may have more than the screen.
      const since = out.rows !== shown ? ` The log on screen shows ${shown.toLocaleString()}: hits came in or changed since it was opened; Show shift log again to see them.` : '';
      setDone(`Exported ${out.rows.toLocaleString()} hits to ${out.fileName}.${since}`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      running.current = false;
      setBusy(false);
    }
  };
  return (
    <section className="shiftlog__export" aria-labelledby="shift-export-title">
      <h2 id="shift-export-title">Shift report</h2>
      <PurposeFields id="shift-export" caseRequired={caseRequired} administrative value={purpose} onChange={setPurpose} />
      <div className="admin__row">
        <button type="button" className="button" disabled={busy} onClick={() => void run('csv')}>Export CSV</button>
        <button type="button" className="button" disabled={busy} onClick={() => void run('pdf')}>Export PDF</button>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {done && <p role="status">{done}</p>}
    </section>
  );
}
