import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { OFFICER_HOTLIST_LISTS, OfficerEntry } from '../../../electron/contract';
import { PRIORITIES, type Priority } from '../../../electron/contract/hub';
import { call, on } from '../../api';
import { counted } from '../../lib/words';
import { formatDateTime } from '../../lib/time';
import { Field } from '../session/Field';
import { formErrors } from '../session/field-errors';
import { useAction } from '../shared/useAction';
import type { ScreenProps } from '../shell/views';
import './search.css';

const DAY_MS = 86_400_000;
const FIELDS = ['plate', 'state', 'list', 'reason', 'priority', 'expiresAt', 'vehicle', 'notes', 'caseNumber'];

/** `datetime-local` text for a time, in local time. */
function localInput(t: number): string {
  const d = new Date(t - new Date(t).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

interface Draft {
  plate: string;
  state: string;
  list: string;
  reason: string;
  priority: Priority;
  expiresAt: string;
  vehicle: string;
  notes: string;
  caseNumber: string;
}

/**
 * Officers' hotlist entries (issue 6 item 6): a full or partial plate (Lodi 431.3(c)) with a
 * reason and an expiry within the agency's limit, sent to the hub, which matches new reads
 * and raises retroactive hits for the reads it already holds. Lists the entries in force and
 * removes one (with a reason). Every step is audited by the core.
 */
export function HotlistScreen({ epoch }: ScreenProps) {
  const [lists, setLists] = useState<string[]>([]);
  const [maxDays, setMaxDays] = useState(30);
  const blank = useCallback(
    (): Draft => ({
      plate: '',
      state: '',
      list: 'Local BOLO',
      reason: '',
      priority: 'high',
      expiresAt: localInput(Date.now() + 7 * DAY_MS),
      vehicle: '',
      notes: '',
      caseNumber: '',
    }),
    [],
  );
  const [draft, setDraft] = useState<Draft>(blank);
  const [entries, setEntries] = useState<OfficerEntry[]>([]);
  const [listNote, setListNote] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, readonly string[]>>({});
  const [removing, setRemoving] = useState<{ id: string; reason: string } | null>(null);

  const load = useCallback(async () => {
    try {
      const out = await call('hotlist:entries', {});
      setEntries(out.entries);
      setListNote(out.message);
    } catch (err) {
      setListNote(err instanceof Error ? err.message : String(err));
    }
  }, []);

  // One change here brings the step's own answer and then the hub's announcement (and the
  // console's) within milliseconds; each listing is a logged lookup, so they make one reload.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reload = useCallback(() => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = setTimeout(() => {
      pending.current = null;
      void load();
    }, 300);
  }, [load]);
  useEffect(() => () => {
    if (pending.current) clearTimeout(pending.current);
  }, []);
  const { run, lines } = useAction({ doneClass: 'hotlist__done', onDone: reload });

  useEffect(() => {
    call('search:options', { cameras: false }).then(
      (o) => {
        setLists(o.lists);
        setMaxDays(o.maxExpiryDays);
      },
      () => {},
    );
    void load();
    return on('hotlist:changed', reload);
  }, [epoch, load, reload]);

  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFieldErrors({});
    const expires = new Date(draft.expiresAt);
    await run(async () => {
      const out = await call('hotlist:add', {
        plate: draft.plate,
        ...(draft.state ? { state: draft.state.toUpperCase() } : {}),
        list: draft.list as (typeof OFFICER_HOTLIST_LISTS)[number],
        reason: draft.reason,
        priority: draft.priority,
        expiresAt: Number.isNaN(expires.getTime()) ? draft.expiresAt : expires.toISOString(),
        ...(draft.vehicle.trim() ? { vehicle: draft.vehicle } : {}),
        ...(draft.notes.trim() ? { notes: draft.notes } : {}),
        ...(draft.caseNumber.trim() ? { caseNumber: draft.caseNumber } : {}),
      });
      setDraft(blank());
      return (
        `Entry ${out.entry.plate} added at the hub. ${counted(out.matchedReads, 'read')} held match it; ` +
        `${counted(out.retroactiveHits, 'retroactive hit')} will arrive in the queue.`
      );
    }, (err) => {
      const { fields, general } = formErrors(err, FIELDS);
      setFieldErrors(fields);
      return general.join(' ') || 'Check the marked fields.';
    });
  };

  const remove = async (e: FormEvent) => {
    e.preventDefault();
    if (!removing) return;
    await run(async () => {
      const out = await call('hotlist:remove', removing);
      setRemoving(null);
      return `Entry ${out.entry.plate} removed: it no longer matches new reads.`;
    });
  };

  return (
    <section className="hotlist" aria-labelledby="view-title">
      <h1 id="view-title">Hotlist entries</h1>
      <form className="hotlist__form" onSubmit={(e) => void submit(e)} aria-label="New hotlist entry">
        <h2>New entry</h2>
        <Field
          id="hotlist-plate"
          label="Plate"
          hint="A whole plate, or a partial one: ? for one unknown character, * for any number (at least 3 known characters)."
          required
          autoComplete="off"
          spellCheck={false}
          value={draft.plate}
          errors={fieldErrors.plate}
          onChange={set('plate')}
        />
        <div className="search__row">
          <Field id="hotlist-state" label="State" maxLength={2} placeholder="Any" value={draft.state} errors={fieldErrors.state} onChange={set('state')} />
          <div className="field">
            <label htmlFor="hotlist-list">Category</label>
            <select id="hotlist-list" value={draft.list} onChange={set('list')}>
              {lists.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="hotlist-priority">Priority</label>
            <select id="hotlist-priority" value={draft.priority} onChange={set('priority')}>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
        </div>
        <Field id="hotlist-reason" label="Reason" required maxLength={200} value={draft.reason} errors={fieldErrors.reason} onChange={set('reason')} />
        <Field
          id="hotlist-expires"
          label="Expires"
          hint={`At most ${maxDays} days from now (agency limit).`}
          type="datetime-local"
          required
          value={draft.expiresAt}
          errors={fieldErrors.expiresAt}
          onChange={set('expiresAt')}
        />
        <Field id="hotlist-vehicle" label="Vehicle description" maxLength={200} value={draft.vehicle} errors={fieldErrors.vehicle} onChange={set('vehicle')} />
        <div className="field">
          <label htmlFor="hotlist-notes">Notes</label>
          <p className="field__hint" id="hotlist-notes-hint">
            Kept encrypted. Anything about people belongs here, not in the reason.
          </p>
          <textarea
            id="hotlist-notes"
            className="hotlist__notes"
            maxLength={2000}
            aria-describedby="hotlist-notes-hint"
            value={draft.notes}
            onChange={set('notes')}
          />
        </div>
        <Field id="hotlist-case" label="Case number" maxLength={64} value={draft.caseNumber} errors={fieldErrors.caseNumber} onChange={set('caseNumber')} />
        <button type="submit" className="button button--primary">
          Add entry
        </button>
        {lines}
      </form>

      <h2 id="hotlist-active">Entries in force</h2>
      {listNote && <p className="search__missing">{listNote}</p>}
      {entries.length === 0 ? (
        <p>No officer entries are in force.</p>
      ) : (
        <table className="search__table" aria-labelledby="hotlist-active">
          <thead>
            <tr>
              <th scope="col">Plate</th>
              <th scope="col">Category</th>
              <th scope="col">Reason</th>
              <th scope="col">Expires</th>
              <th scope="col">Entered by</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td className="search__plate">
                  {e.plate} {e.state ?? 'any state'}
                </td>
                <td>
                  {e.list} ({e.priority})
                </td>
                <td>
                  {e.reason}
                  {e.vehicle ? ` — ${e.vehicle}` : ''}
                </td>
                <td>{e.expiresAt ? formatDateTime(e.expiresAt) : '—'}</td>
                <td>{e.enteredBy ? `${e.enteredBy.user.displayName} (${e.enteredBy.workstationId})` : '—'}</td>
                <td>
                  <button type="button" className="button" onClick={() => setRemoving({ id: e.id, reason: '' })}>
                    Remove {e.plate}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {removing && (
        <form className="hotlist__form" onSubmit={(e) => void remove(e)} aria-label="Remove hotlist entry">
          <Field
            id="hotlist-remove-reason"
            label="Reason for removing"
            required
            autoFocus
            value={removing.reason}
            onChange={(e) => setRemoving({ ...removing, reason: e.target.value })}
          />
          <div className="search__row">
            <button type="submit" className="button button--primary">
              Confirm removal
            </button>
            <button type="button" className="button" onClick={() => setRemoving(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
