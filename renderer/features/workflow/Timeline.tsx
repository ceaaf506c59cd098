import { useId } from 'react';
import type { TimelineEntry } from '../../../electron/contract';
import { formatAge, formatClock } from '../../lib/time';

const SHORT_DETAIL = 160;

/** Every step of the hit, here and at other consoles, with the time each took. */
export function Timeline({ entries, capturedAt, hubConnected }: { entries: readonly TimelineEntry[]; capturedAt: string; hubConnected: boolean }) {
  const id = useId();
  return (
    <section className="timeline" aria-labelledby={id}>
      <h3 id={id} className="timeline__title">
        Timeline
      </h3>
      <ol className="timeline__list">
        <li className="timeline__item">
          <span className="timeline__time">{formatClock(capturedAt)}</span>
          <span className="timeline__label">Plate read by the camera</span>
        </li>
        {entries.map((e, i) => {
          const previous = i === 0 ? capturedAt : entries[i - 1]!.at;
          const took = Date.parse(e.at) - Date.parse(previous);
          return (
            <li key={`${e.step}-${e.at}-${e.workstationId}`} className="timeline__item">
              <span className="timeline__time">{formatClock(e.at)}</span>
              <span className="timeline__label">{e.label}</span>
              <span className="timeline__took">+{formatAge(took)}</span>
              <span className="timeline__who">
                {e.by} · {e.workstationId}
              </span>
              {e.detail &&
                (e.detail.length <= SHORT_DETAIL ? (
                  <span className="timeline__detail">{e.detail}</span>
                ) : (
                  <details className="timeline__detail">
                    <summary>What was sent</summary>
                    <pre>{e.detail}</pre>
                  </details>
                ))}
              {e.report === 'refused' && <span className="timeline__warn">Not accepted by the hub: {e.reportError}</span>}
              {e.report === 'pending' && !hubConnected && <span className="timeline__warn">Not yet reported to the hub (link down)</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
