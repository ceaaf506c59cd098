import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { LookupRulesView, ManagedPurpose } from '../../../electron/contract';
import { call } from '../../api';
import { Field } from '../session/Field';
import { errorMessage, useAction } from '../shared/useAction';

/** The console's own purposes: the core refuses to retire or change them. */
const CONSOLE_PURPOSES = new Set(['Hit confirmation', 'Audit / administration']);

function PurposeRow({ p, run }: { p: ManagedPurpose; run(work: () => Promise<string>): Promise<void> }) {
  const [label, setLabel] = useState(p.label);
  const own = CONSOLE_PURPOSES.has(p.label);
  return (
    <tr>
      <td>
        {p.builtin ? (
          p.label
        ) : (
          <form
            className="admin__inline"
            onSubmit={(e) => {
              e.preventDefault();
              void run(() => call('purposes:update', { id: p.id, label }).then(() => `Renamed to "${label.trim()}".`));
            }}
          >
            <label className="visually-hidden" htmlFor={`purpose-label-${p.id}`}>
              Name of {p.label}
            </label>
            <input id={`purpose-label-${p.id}`} value={label} maxLength={80} onChange={(e) => setLabel(e.target.value)} />
            <button type="submit" className="button" disabled={label.trim() === p.label}>
              Rename
            </button>
          </form>
        )}
      </td>
      <td>{p.builtin ? 'built in' : 'agency'}</td>
      <td>{p.active ? 'active' : 'retired'}</td>
      <td>
        <input
          type="checkbox"
          aria-label={`${p.label} needs a case number`}
          checked={p.requiresCaseNumber}
          disabled={own}
          onChange={(e) => {
            const needs = e.target.checked;
            void run(() =>
              call('purposes:update', { id: p.id, requiresCaseNumber: needs }).then(() => `"${p.label}" ${needs ? 'now needs' : 'no longer needs'} a case number.`),
            );
          }}
        />
      </td>
      <td>
        {!own && (
          <button
            type="button"
            className="button"
            aria-label={`${p.active ? 'Retire' : 'Reactivate'} ${p.label}`}
            onClick={() => void run(() => call('purposes:update', { id: p.id, active: !p.active }).then(() => `${p.active ? 'Retired' : 'Reactivated'} "${p.label}".`))}
          >
            {p.active ? 'Retire' : 'Reactivate'}
          </button>
        )}
      </td>
    </tr>
  );
}

/**
 * The agency's purposes and lookup rules (issue 4 item 1), for admins: every change is an
 * audit record written by the core.
 */
export function PurposesAdmin() {
  const [purposes, setPurposes] = useState<ManagedPurpose[] | null>(null);
  const [rules, setRules] = useState<LookupRulesView | null>(null);
  const [add, setAdd] = useState({ label: '', requiresCaseNumber: true });
  const [loaded, setLoaded] = useState(0);
  // Reloaded after every change, refused or not, so the form shows what is stored.
  const reload = useCallback(() => setLoaded((n) => n + 1), []);
  const { run, lines, fail } = useAction({ doneClass: 'admin__done', onSettled: reload });
  useEffect(() => {
    call('purposes:all', {}).then(({ purposes: all }) => setPurposes(all), (err: unknown) => fail(errorMessage(err)));
    call('reports:rules', {}).then(setRules, (err: unknown) => fail(errorMessage(err)));
  }, [loaded, fail]);
  const submitAdd = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await call('purposes:add', add);
      setAdd({ label: '', requiresCaseNumber: true });
      return `Added "${add.label.trim()}".`;
    });
  };
  return (
    <section aria-labelledby="purposes-title">
      <h2 id="purposes-title">Purposes and lookup rules</h2>
      {rules && (
        <form
          className="admin__form"
          aria-label="Lookup rules"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => call('reports:update-rules', rules).then(() => 'Lookup rules saved.'));
          }}
        >
          <div className="field field--check">
            <input id="rule-search" type="checkbox" checked={rules.caseRequiredForSearch} onChange={(e) => setRules({ ...rules, caseRequiredForSearch: e.target.checked })} />
            <label htmlFor="rule-search">Every plate search needs a case number</label>
          </div>
          <div className="field field--check">
            <input id="rule-export" type="checkbox" checked={rules.caseRequiredForExport} onChange={(e) => setRules({ ...rules, caseRequiredForExport: e.target.checked })} />
            <label htmlFor="rule-export">Every export needs a case number</label>
          </div>
          <button type="submit" className="button button--primary">
            Save rules
          </button>
        </form>
      )}
      <table className="admin__table" aria-label="Purposes">
        <thead>
          <tr>
            <th scope="col">Purpose</th>
            <th scope="col">Source</th>
            <th scope="col">State</th>
            <th scope="col">Case number</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {purposes?.map((p) => (
            <PurposeRow key={`${p.id}:${p.label}`} p={p} run={run} />
          ))}
        </tbody>
      </table>
      <form className="admin__form" aria-labelledby="add-purpose-title" noValidate onSubmit={submitAdd}>
        <h3 id="add-purpose-title">Add a purpose</h3>
        <Field id="purpose-new" label="New purpose" maxLength={80} autoComplete="off" value={add.label} onChange={(e) => setAdd({ ...add, label: e.target.value })} />
        <div className="field field--check">
          <input id="purpose-new-case" type="checkbox" checked={add.requiresCaseNumber} onChange={(e) => setAdd({ ...add, requiresCaseNumber: e.target.checked })} />
          <label htmlFor="purpose-new-case">Needs a case number</label>
        </div>
        <button type="submit" className="button button--primary">
          Add purpose
        </button>
      </form>
      {lines}
    </section>
  );
}
