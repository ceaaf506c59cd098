/** The agency's shifts, edited by an administrator (the core audits each change with before and after). */
import { useEffect, useState, type FormEvent } from 'react';
import type { Shift } from '../../../electron/contract';
import { call } from '../../api';

type Draft = { id?: number; name: string; start: string; end: string };

export function ShiftEditor({ shifts, onSaved }: { shifts: Shift[]; onSaved(): void }) {
  const [rows, setRows] = useState<Draft[]>(shifts);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => setRows(shifts), [shifts]);
  const edit = (i: number, patch: Partial<Draft>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    try {
      await call('shiftlog:save-shifts', { shifts: rows });
      setDone('Shifts saved.');
      onSaved();
    } catch (err) {
      const x = err as { code?: string; message?: string; details?: string[] };
      // "shifts.2.name: a name" is the third row's name, as the table shows it.
      const said = (x.details ?? []).map((d) => d.replace(/^shifts\.(\d+)\.(\w+): /, (_m, i: string, f: string) => `Shift ${Number(i) + 1}, ${f}: `));
      setError(x.code === 'invalid-input' && said.length ? said.join(' ') : [x.message, ...said].join(' '));
    }
  };
  return (
    <form className="shiftlog__editor" onSubmit={save} aria-labelledby="shift-editor-title">
      <h2 id="shift-editor-title">Shifts</h2>
      <p>Times are local. A shift that ends at or before its start time ends the next day.</p>
      {rows.map((r, i) => (
        <fieldset key={r.id ?? `new-${i}`} className="admin__row">
          <legend className="visually-hidden">{`Shift ${i + 1}`}</legend>
          <label>Name <input value={r.name} onChange={(e) => edit(i, { name: e.target.value })} /></label>
          <label>Starts <input type="time" value={r.start} onChange={(e) => edit(i, { start: e.target.value })} /></label>
          <label>Ends <input type="time" value={r.end} onChange={(e) => edit(i, { end: e.target.value })} /></label>
          <button type="button" className="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>Remove {r.name || 'shift'}</button>
        </fieldset>
      ))}
      <div className="admin__row">
        <button type="button" className="button" onClick={() => setRows([...rows, { name: '', start: '06:00', end: '18:00' }])}>Add shift</button>
        <button type="submit" className="button button--primary">Save shifts</button>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {done && <p role="status">{done}</p>}
    </form>
  );
}
