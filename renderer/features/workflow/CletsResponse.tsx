import { useId } from 'react';
import type { WorkflowView } from '../../../electron/contract';
import { formatClock } from '../../lib/time';

type Response = NonNullable<WorkflowView['clets']['response']>;

const STATUS: Record<Response['status'], string> = { active: 'ACTIVE', cleared: 'CLEARED', 'no-record': 'NO RECORD' };

/** The CLETS return as fields, what differs from the hotlist, and the return as it came. */
export function CletsResponse({ response, differences }: { response: Response; differences: readonly string[] }) {
  const id = useId();
  const f = response.fields;
  const vehicle = [f.vehicleColour, f.vehicleYear, f.vehicleMake, f.vehicleModel].filter((v) => v !== undefined).join(' ');
  const facts: [string, string | undefined][] = [
    ['Record', f.mke],
    ['OCA', f.oca],
    ['Entered by', f.enteringAgency ?? f.enteringOri],
    ['Vehicle on record', vehicle || undefined],
    ['Entered', f.enteredOn],
    ['Cleared', f.clearedOn],
    ['NIC', f.nic],
    ['Notes', f.notes],
  ];
  return (
    <section className={`clets-response clets-response--${response.status}`} aria-labelledby={id}>
      <h3 id={id} className="clets-response__title">
        CLETS response
      </h3>
      <p className="clets-response__status">
        {STATUS[response.status]}
        <span className="clets-response__at"> · {formatClock(response.receivedAt)}</span>
      </p>
      {f.cautions.length > 0 && (
        <ul className="clets-response__cautions" aria-label="Caution codes">
          {f.cautions.map((c) => (
            <li key={c}>⚠ CAUTION: {c}</li>
          ))}
        </ul>
      )}
      <dl className="facts">
        {facts
          .filter((x): x is [string, string] => x[1] !== undefined)
          .map(([k, v]) => (
            <div key={k} className="facts__row">
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
      {differences.length > 0 && (
        <div className="clets-response__diff">
          <p className="clets-response__diff-title">Differs from the hotlist</p>
          <ul>
            {differences.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </div>
      )}
      <details className="clets-response__raw">
        <summary>Full CLETS return</summary>
        <pre>{response.text}</pre>
      </details>
    </section>
  );
}
