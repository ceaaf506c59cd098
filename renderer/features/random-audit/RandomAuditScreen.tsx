import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { FINDINGS, FINDING_LABELS, LOOKUP_KINDS, SAMPLE_MAX, type Finding, type RandomAudit, type RandomAuditSummary, type SampledLookup } from '../../../electron/contract';
import { call } from '../../api';
import { saveExport } from '../../lib/download';
import { plainLine } from '../../lib/plain-data';
import type { ScreenProps } from '../shell/views';
import { Field } from '../session/Field';
import { errorMessage, useAction } from '../shared/useAction';
import './random-audit.css';

const when = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '—');

/** A datetime-local value (local time, minutes) for a Date. */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

const countsText = (a: RandomAuditSummary) =>
  `${a.counts.legitimate} legitimate, ${a.counts.needsFollowUp} needs follow-up, ${a.counts.violation} violation, ${a.counts.pending} pending`;

interface DrawForm {
  from: string;
  to: string;
  size: string;
  /** Lookup kinds ticked (actions of LOOKUP_KINDS). */
  kinds: string[];
  /** Other actions, typed as the audit log names them. */
  actions: string;
  username: string;
}

/** The "Draw a sample" form: a period, a size and optional filters. */
function DrawSample({ onDrawn }: { onDrawn: (a: RandomAudit) => void }) {
  const [form, setForm] = useState<DrawForm>(() => ({ from: localInput(new Date(Date.now() - 30 * 86_400_000)), to: localInput(new Date(Date.now() + 60_000)), size: '25', kinds: [], actions: '', username: '' }));
  const [busy, setBusy] = useState(false);
  const { run, lines } = useAction({ doneClass: 'raudit__done' });
  const set = (k: keyof DrawForm) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    void run(async () => {
      try {
        const from = new Date(form.from);
        const to = new Date(form.to);
        if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new Error('Enter the period: from and to.');
        const actions = [...form.kinds, ...form.actions.split(',').map((s) => s.trim()).filter(Boolean)];
        const drawn = await call('audits:draw', {
          from: from.toISOString(),
          to: to.toISOString(),
          size: Number(form.size),
          ...(actions.length ? { actions } : {}),
          ...(form.username.trim() ? { username: form.username.trim() } : {}),
        });
        onDrawn(drawn);
        return `Drew ${drawn.audit.drawn} of ${drawn.audit.population} lookups as ${drawn.audit.ref}.`;
      } finally {
        setBusy(false);
      }
    });
  };
  return (
    <section className="raudit__panel" aria-labelledby="draw-title">
      <h2 id="draw-title">Draw a sample</h2>
      <form className="raudit__draw" aria-label="Draw a sample" onSubmit={submit} noValidate>
        <Field id="ra-from" label="From" type="datetime-local" value={form.from} onChange={set('from')} required />
        <Field id="ra-to" label="To" type="datetime-local" value={form.to} onChange={set('to')} required />
        <Field id="ra-size" label="Sample size" hint={`1 to ${SAMPLE_MAX} lookups`} type="number" min={1} max={SAMPLE_MAX} value={form.size} onChange={set('size')} required />
        <fieldset className="raudit__kinds">
          <legend>Kinds of lookup (none ticked: every kind)</legend>
          {Object.entries(LOOKUP_KINDS).map(([action, label]) => (
            <label key={action} className="raudit__kind">
              <input
                type="checkbox"
                checked={form.kinds.includes(action)}
                onChange={(e) => setForm((f) => ({ ...f, kinds: e.target.checked ? [...f.kinds, action] : f.kinds.filter((k) => k !== action) }))}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <Field id="ra-actions" label="Other actions (optional)" hint="as the audit log names them, comma-separated" value={form.actions} onChange={set('actions')} />
        <Field id="ra-user" label="User (optional)" value={form.username} onChange={set('username')} />
        <div className="raudit__buttons">
          <button type="submit" className="button button--primary" disabled={busy}>
            Draw sample
          </button>
        </div>
      </form>
      <p className="field__hint">Granted lookups only; your own lookups are never drawn.</p>
      {lines}
    </section>
  );
}

/** One sampled lookup with its finding and note; Save (or Enter in the note) records it. */
function LookupRow({ item, editable, onSave }: { item: SampledLookup; editable: boolean; onSave: (item: SampledLookup, finding: Finding, note: string) => Promise<void> }) {
  const [finding, setFinding] = useState<Finding | ''>(item.finding ?? '');
  const [note, setNote] = useState(item.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    if (!finding) {
      setError('Choose a finding first.');
      return;
    }
    try {
      await onSave(item, finding, note);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const label = `lookup ${item.seq}`;
  return (
    <tr className={item.finding ? `raudit__row--${item.finding}` : undefined}>
      <td>{when(item.at)}</td>
      <td>{item.displayName ? `${item.displayName} (${item.username ?? ''})` : (item.username ?? '—')}</td>
      <td>{item.action}</td>
      <td className="raudit__data">{plainLine(item.data)}</td>
      <td>{item.purpose ?? '—'}</td>
      <td>{item.caseNumber ?? '—'}</td>
      <td className="raudit__finding">
        {editable ? (
          <>
            <select aria-label={`Finding for ${label}`} value={finding} onChange={(e) => setFinding(e.target.value as Finding)}>
              <option value="">Choose…</option>
              {FINDINGS.map((f) => (
                <option key={f} value={f}>
                  {FINDING_LABELS[f]}
                </option>
              ))}
            </select>{' '}
            <input
              aria-label={`Note for ${label}`}
              value={note}
              maxLength={2000}
              onChange={(e) => setNote(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void save();
                }
              }}
            />{' '}
            <button type="button" className="button" aria-label={`Save finding for ${label}`} onClick={() => void save()}>
              Save
            </button>
            {item.finding && <span> Recorded: {FINDING_LABELS[item.finding]}</span>}
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
          </>
        ) : (
          <span>
            {item.finding ? FINDING_LABELS[item.finding] : 'Pending'}
            {item.note ? `: ${item.note}` : ''}
          </span>
        )}
      </td>
    </tr>
  );
}

/** An opened audit: its facts, the sample with findings, close and export. */
function AuditView({ audit, user, onChanged }: { audit: RandomAudit; user: ScreenProps['user']; onChanged: (a: RandomAudit) => void }) {
  const s = audit.audit;
  const editable = s.status === 'open' && s.auditorUsername === user.username;
  const [summary, setSummary] = useState('');
  const close = useAction({ doneClass: 'raudit__done' });
  const exp = useAction({ doneClass: 'raudit__done' });
  const saveFinding = async (item: SampledLookup, finding: Finding, note: string) => {
    const out = await call('audits:record-finding', { auditId: s.id, itemId: item.itemId, finding, ...(note.trim() ? { note: note.trim() } : {}) });
    onChanged({ ...audit, audit: out.audit, items: audit.items.map((i) => (i.itemId === item.itemId ? { ...i, ...out.item } : i)) });
  };
  const closeAudit = (e: FormEvent) => {
    e.preventDefault();
    void close.run(async () => {
      const out = await call('audits:close', { auditId: s.id, summary });
      onChanged({ ...audit, audit: out.audit });
      return `${s.ref} closed: ${countsText(out.audit)}.`;
    });
  };
  const exportAs = (format: 'csv' | 'pdf') =>
    void exp.run(async () => {
      const out = await call('audits:export', { auditId: s.id, format });
      saveExport(out);
      return `Exported ${out.rows} lookups as ${out.fileName}.`;
    });
  return (
    <section className="raudit__panel" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit {s.ref}</h2>
      <dl className="raudit__facts">
        <dt>Period</dt>
        <dd>
          {when(s.periodFrom)} to {when(s.periodTo)}
        </dd>
        <dt>Auditor</dt>
        <dd>{s.auditor}</dd>
        <dt>Sample</dt>
        <dd>
          {s.drawn} of {s.population} lookups (asked for {s.requested})
        </dd>
        <dt>Status</dt>
        <dd>{s.status === 'closed' ? `Closed ${when(s.closedAt)}` : 'Open'}</dd>
        <dt>Findings</dt>
        <dd>{countsText(s)}</dd>
        {s.summary && (
          <>
            <dt>Summary</dt>
            <dd>{s.summary}</dd>
          </>
        )}
      </dl>
      <table className="raudit__table" aria-label="Sampled lookups">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">User</th>
            <th scope="col">Action</th>
            <th scope="col">Data elements</th>
            <th scope="col">Purpose</th>
            <th scope="col">Case number</th>
            <th scope="col">Finding</th>
          </tr>
        </thead>
        <tbody>
          {audit.items.map((item) => (
            <LookupRow key={`${s.id}-${item.itemId}`} item={item} editable={editable} onSave={saveFinding} />
          ))}
        </tbody>
      </table>
      {editable && (
        <form className="raudit__summary" aria-label="Close the audit" onSubmit={closeAudit} noValidate>
          <h3>Close the audit</h3>
          <p className="field__hint">Every sampled lookup needs a finding first ({s.counts.pending} pending).</p>
          <label htmlFor="ra-summary">Summary</label>
          <br />
          <textarea id="ra-summary" value={summary} maxLength={4000} onChange={(e) => setSummary(e.target.value)} />
          <div className="raudit__buttons">
            <button type="submit" className="button button--primary">
              Close audit
            </button>
          </div>
        </form>
      )}
      {close.lines}
      <div className="raudit__buttons">
        <button type="button" className="button" onClick={() => exportAs('csv')}>
          Export CSV
        </button>
        <button type="button" className="button" onClick={() => exportAs('pdf')}>
          Export PDF
        </button>
      </div>
      {exp.lines}
    </section>
  );
}

/** Random audit (issue 6 item 10): draw a sample of others' lookups, record findings, close, export. */
export function RandomAuditScreen({ user, epoch }: ScreenProps) {
  const [audits, setAudits] = useState<RandomAuditSummary[] | null>(null);
  const [opened, setOpened] = useState<RandomAudit | null>(null);
  const { run, lines, fail } = useAction({ doneClass: 'raudit__done' });
  const load = useCallback(() => {
    call('audits:list', {}).then((r) => setAudits(r.audits), (err: unknown) => fail(errorMessage(err)));
  }, [fail]);
  useEffect(load, [load, epoch]);
  const open = (id: number) =>
    void run(async () => {
      setOpened(await call('audits:open', { auditId: id }));
      return `Opened RA-${id}.`;
    });
  const changed = (a: RandomAudit) => {
    setOpened(a);
    load();
  };
  return (
    <section className="raudit" aria-labelledby="view-title">
      <h1 id="view-title">Random audit</h1>
      <DrawSample onDrawn={changed} />
      <section className="raudit__panel" aria-labelledby="audits-title">
        <h2 id="audits-title">Audits</h2>
        {audits && audits.length === 0 && <p>No random audits yet.</p>}
        {audits && audits.length > 0 && (
          <table className="raudit__table" aria-label="Audits">
            <thead>
              <tr>
                <th scope="col">Audit</th>
                <th scope="col">Period</th>
                <th scope="col">Auditor</th>
                <th scope="col">Sample</th>
                <th scope="col">Status</th>
                <th scope="col">Findings</th>
                <th scope="col">
                  <span className="visually-hidden-ra">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {audits.map((a) => (
                <tr key={a.id}>
                  <td>{a.ref}</td>
                  <td>
                    {when(a.periodFrom)} to {when(a.periodTo)}
                  </td>
                  <td>{a.auditor}</td>
                  <td>
                    {a.drawn} of {a.population}
                  </td>
                  <td>{a.status === 'closed' ? 'Closed' : 'Open'}</td>
                  <td>{countsText(a)}</td>
                  <td>
                    <button type="button" className="button" onClick={() => open(a.id)}>
                      Open {a.ref}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {lines}
      </section>
      {opened && <AuditView audit={opened} user={user} onChanged={changed} />}
    </section>
  );
}
