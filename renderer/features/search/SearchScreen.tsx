import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { LookupPurpose, PlateSearchInput, PlateSearchOutput } from '../../../electron/contract';
import { call } from '../../api';
import { counted } from '../../lib/words';
import { formatDateTime } from '../../lib/time';
import { completePurpose, PurposeFields } from '../purpose/PurposeFields';
import { Field } from '../session/Field';
import { formErrors } from '../session/field-errors';
import type { ScreenProps } from '../shell/views';
import { Thumb } from './Thumb';
import './search.css';
import { BusyButton } from '../shared/BusyButton';

const PAGE_SIZE = 25;

interface Criteria {
  pattern: string;
  state: string;
  cameraId: string;
  from: string;
  to: string;
}

/** `datetime-local` text (local time) as ISO, or undefined when empty. */
function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const t = new Date(local);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

/**
 * Plate search (issue 6 item 5): exact or partial plates (`?` one character, `*` any run) over
 * this console's hits and the hub's reads. The purpose and case number come first; the core
 * logs the search before it answers.
 */
export function SearchScreen({ onOpenHit, epoch }: ScreenProps) {
  const [criteria, setCriteria] = useState<Criteria>({ pattern: '', state: '', cameraId: '', from: '', to: '' });
  const [purpose, setPurpose] = useState<Partial<LookupPurpose>>({});
  const [caseRequired, setCaseRequired] = useState(true);
  const [cameras, setCameras] = useState<{ id: string; name: string }[]>([]);
  const [result, setResult] = useState<PlateSearchOutput | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, readonly string[]>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('search:options', {}).then(
      (o) => {
        setCameras(o.cameras);
        setCaseRequired(o.caseRequired);
      },
      () => {},
    );
  }, [epoch]);

  // The search the results on screen answer: its pages are turned with it, not with whatever
  // the form holds by then.
  const applied = useRef<Omit<PlateSearchInput, 'page'> | null>(null);

  const run = async (page: number, query: Omit<PlateSearchInput, 'page'> | null) => {
    setError(null);
    setFieldErrors({});
    if (!query) return;
    setBusy(true);
    try {
      const out = await call('search:plates', { ...query, page });
      applied.current = query;
      setResult(out);
    } catch (err) {
      const { fields, general } = formErrors(err, ['pattern', 'state', 'cameraId', 'from', 'to']);
      setFieldErrors(fields);
      setError(general.join(' ') || 'Check the marked fields.');
      // A new search refused: the old results are not its answer, so they go.
      if (page === 0) setResult(null);
    } finally {
      setBusy(false);
    }
  };

  /** The form as a search, or null (and the reason shown) without a complete purpose. */
  const formQuery = (): Omit<PlateSearchInput, 'page'> | null => {
    const complete = completePurpose(purpose, caseRequired);
    if (!complete) {
      setError(caseRequired ? 'Choose a purpose and give the case number before searching.' : 'Choose a purpose before searching.');
      setResult(null);
      return null;
    }
    return {
      pattern: criteria.pattern,
      ...(criteria.state ? { state: criteria.state.toUpperCase() } : {}),
      ...(criteria.cameraId ? { cameraId: criteria.cameraId } : {}),
      ...(isoOf(criteria.from) ? { from: isoOf(criteria.from) } : {}),
      ...(isoOf(criteria.to) ? { to: isoOf(criteria.to) } : {}),
      pageSize: PAGE_SIZE,
      purpose: complete,
    };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const query = formQuery();
    if (query) void run(0, query);
  };
  const set = (k: keyof Criteria) => (e: { target: { value: string } }) => setCriteria({ ...criteria, [k]: e.target.value });
  const pages = result ? Math.max(Math.ceil(result.local.total / result.pageSize), result.hub.status === 'ok' ? Math.ceil(result.hub.total / result.pageSize) : 0) : 0;

  return (
    <section className="search" aria-labelledby="view-title">
      <h1 id="view-title">Plate search</h1>
      <form className="search__form" onSubmit={submit} aria-label="Plate search">
        <Field
          id="search-pattern"
          label="Plate"
          hint="Whole or partial: ? stands for one character, * for any number (7AB*, *123, 7A?C12?)."
          required
          autoComplete="off"
          spellCheck={false}
          value={criteria.pattern}
          errors={fieldErrors.pattern}
          onChange={set('pattern')}
        />
        <div className="search__row">
          <Field id="search-state" label="State" maxLength={2} placeholder="Any" value={criteria.state} errors={fieldErrors.state} onChange={set('state')} />
          <div className="field">
            <label htmlFor="search-camera">Camera</label>
            <select id="search-camera" value={criteria.cameraId} onChange={set('cameraId')}>
              <option value="">Any camera</option>
              {cameras.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <Field id="search-from" label="From" type="datetime-local" value={criteria.from} errors={fieldErrors.from} onChange={set('from')} />
          <Field id="search-to" label="To" type="datetime-local" value={criteria.to} errors={fieldErrors.to} onChange={set('to')} />
        </div>
        <PurposeFields id="search" caseRequired={caseRequired} value={purpose} onChange={setPurpose} />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Searching…' : 'Search'}
        </button>
        <p className="form-error" role="alert">
          {error}
        </p>
      </form>

      {result && (
        <div className="search__results">
          <p role="status" className="search__summary">
            {result.pattern}: {counted(result.local.total, 'hit')} on this console
            {result.hub.status === 'ok' ? `, ${counted(result.hub.total, 'read')} at the hub` : ''}. Logged
            with its purpose.
          </p>
          {result.hub.status === 'unavailable' && (
            <p className="search__missing" role="alert">
              {result.hub.message}
            </p>
          )}

          <h2 id="local-results">Hits on this console</h2>
          {result.local.hits.length === 0 ? (
            <p>None on this page.</p>
          ) : (
            <table className="search__table" aria-labelledby="local-results">
              <thead>
                <tr>
                  <th scope="col">Image</th>
                  <th scope="col">Plate</th>
                  <th scope="col">Time</th>
                  <th scope="col">Camera</th>
                  <th scope="col">List</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {result.local.hits.map((h) => (
                  <tr key={h.hitId}>
                    <td>
                      <Thumb image={h.thumbnail} plate={h.plate} />
                    </td>
                    <td>
                      <button type="button" className="search__open" onClick={() => onOpenHit(h.hitId)}>
                        Open hit {h.plate} {h.state}
                      </button>
                      {h.retroactive && <span className="search__retro">RETROACTIVE</span>}
                    </td>
                    <td>{formatDateTime(h.capturedAt)}</td>
                    <td>{h.cameraName}</td>
                    <td>
                      {h.list}: {h.reason}
                    </td>
                    <td>{h.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2 id="hub-results">Reads at the hub</h2>
          {result.hub.status === 'unavailable' ? (
            <p>Not searched: see the message above.</p>
          ) : result.hub.reads.length === 0 ? (
            <p>None on this page.</p>
          ) : (
            <table className="search__table" aria-labelledby="hub-results">
              <thead>
                <tr>
                  <th scope="col">Image</th>
                  <th scope="col">Plate</th>
                  <th scope="col">Time</th>
                  <th scope="col">Camera</th>
                  <th scope="col">Confidence</th>
                </tr>
              </thead>
              <tbody>
                {result.hub.reads.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Thumb image={r.image} plate={r.plate} />
                    </td>
                    <td className="search__plate">
                      {r.plate} {r.state}
                      {r.hitId && <span className="search__tag">hit</span>}
                    </td>
                    <td>{formatDateTime(r.capturedAt)}</td>
                    <td>{r.cameraName}</td>
                    <td>{Math.round(r.confidence * 100)} %</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          {pages > 1 && (
            <nav className="search__pages" aria-label="Result pages">
              <BusyButton type="button" className="button" busy={busy || result.page === 0} onClick={() => void run(result.page - 1, applied.current)}>
                Previous page
              </BusyButton>
              <span>
                Page {result.page + 1} of {pages}
              </span>
              <BusyButton type="button" className="button" busy={busy || result.page + 1 >= pages} onClick={() => void run(result.page + 1, applied.current)}>
                Next page
              </BusyButton>
            </nav>
          )}
        </div>
      )}
    </section>
  );
}
