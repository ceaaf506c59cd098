import type { HitDetail } from '../../../electron/contract';
import type { HotlistMatch } from '../../../electron/contract/hub';
import { formatAge, formatDateTime } from '../../lib/time';
import { PriorityBadge } from '../queue/PriorityBadge';
import { isStaleList, listAgeAtRead } from './compare';
import { PlateComparison } from './PlateComparison';

function MatchCard({ match, hit }: { match: HotlistMatch; hit: HitDetail }) {
  const stale = isStaleList(match.listUpdatedAt, hit.capturedAt);
  const age = listAgeAtRead(match.listUpdatedAt, hit.capturedAt);
  return (
    <article className={`match match--${match.priority}`}>
      <header className="match__head">
        <PriorityBadge priority={match.priority} />
        <h3 className="match__reason">{match.reason}</h3>
        <span className="match__list">{match.list}</span>
        {stale && <strong className="stale-flag">STALE LIST</strong>}
      </header>
      <PlateComparison read={hit.read} list={match} />
      <dl className="facts">
        <dt>Vehicle</dt>
        <dd>{match.vehicle ?? 'Not given'}</dd>
        <dt>Notes</dt>
        <dd className="facts__notes">{match.notes ?? 'None'}</dd>
        <dt>List date</dt>
        <dd>
          {formatDateTime(match.listUpdatedAt)}
          {Number.isNaN(age) ? (
            ' (date unreadable)'
          ) : (
            <span className={stale ? 'facts__stale' : undefined}>
              {' '}
              — {age >= 0 ? `${formatAge(age)} old at the read` : 'updated after the read'}
              {stale && ', older than 24 h: confirm the entry is still active'}
            </span>
          )}
        </dd>
      </dl>
    </article>
  );
}

export function HotlistMatchPanel({ hit }: { hit: HitDetail }) {
  return (
    <section className="panel" aria-labelledby="hotlist-match-title">
      <h2 id="hotlist-match-title" className="panel__title">
        Hotlist match
      </h2>
      {hit.matches.length > 1 && <p className="panel__meta">{hit.matches.length} list entries match this read.</p>}
      {hit.matches.map((m, i) => (
        <MatchCard key={`${m.list}-${m.plate}-${i}`} match={m} hit={hit} />
      ))}
    </section>
  );
}
