import type { HitDetail } from '../../../electron/contract';
import type { HotlistMatch } from '../../../electron/contract/hub';
import { formatAge, formatDateTime } from '../../lib/time';
import { PriorityBadge } from '../queue/PriorityBadge';
import { comparePlates, isStaleList, listAgeAtRead, summarisePlates } from './compare';
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

/**
 * The hotlist entry's plate in the read's facts at the top of the review, so the three things
 * the plate check compares (image, camera read, list plate) are on screen together even where
 * the full comparison under the crop is below the fold: characters that differ from the read
 * are marked, with a word for how, and STALE LIST when the entry is.
 */
export function HotlistFact({ hit }: { hit: HitDetail }) {
  const match = hit.matches[0];
  if (!match) return null;
  if (match.pattern) {
    // A partial-plate entry: what the list holds, never the read's plate shown as the list's.
    return (
      <div>
        <dt>Hotlist plate{hit.matches.length > 1 ? ` (1 of ${hit.matches.length})` : ''}</dt>
        <dd className="read__list read__list--look-alike">
          <span className="read__list-plate">{match.pattern}</span> {match.anyState ? 'any state' : match.state}{' '}
          <span className="read__list-verdict">partial plate</span>
        </dd>
      </div>
    );
  }
  const summary = summarisePlates(hit.read.plate, match.plate);
  const chars = comparePlates(hit.read.plate, match.plate);
  const verdict = summary.exact ? (match.state === hit.read.state ? 'same' : 'differs') : summary.others ? 'differs' : 'look-alike';
  // Short: the facts must stay beside the big read on a 1366-wide screen.
  const words = { same: '✓ same', 'look-alike': '≈ look-alike', differs: summary.exact ? '≠ state' : '≠ differs' }[verdict];
  return (
    <div>
      <dt>Hotlist plate{hit.matches.length > 1 ? ` (1 of ${hit.matches.length})` : ''}</dt>
      <dd className={`read__list read__list--${verdict}`}>
        <span className="read__list-plate">
          {chars.map((c) =>
            c.match === 'same' ? (
              c.list
            ) : (
              <mark key={c.position} className="read__doubt">
                {c.list ?? '·'}
              </mark>
            ),
          )}
        </span>{' '}
        {match.state} <span className="read__list-verdict">{words}</span>
        {isStaleList(match.listUpdatedAt, hit.capturedAt) && (
          <>
            {' '}
            <strong className="stale-flag">STALE LIST</strong>
          </>
        )}
      </dd>
    </div>
  );
}
