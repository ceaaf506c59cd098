import type { QueueItem } from '../../../electron/contract';
import { HitQueue } from './HitQueue';
import type { HitQueue as HitQueueState } from './useHitQueue';

interface Props {
  queue: HitQueueState;
  selectedId: string | null;
  onSelect(id: string): void;
  onOpen(id: string): void;
}

const countNew = (items: readonly QueueItem[]) => items.filter((i) => i.status === 'new').length;

export function QueueScreen({ queue, selectedId, onSelect, onOpen }: Props) {
  const { items, error, onlyLists } = queue;
  return (
    <section className="screen" aria-labelledby="queue-title">
      <div className="screen__head">
        <h1 id="queue-title">Hit queue</h1>
        {items && (
          <p className="screen__meta">
            {items.length} open · {countNew(items)} not yet opened
          </p>
        )}
        <p className="screen__keys">
          <kbd>↑</kbd>/<kbd>↓</kbd> or <kbd>J</kbd>/<kbd>K</kbd> move · <kbd>Enter</kbd> opens
        </p>
        {/* A role limited to some hotlists (an admin setting) sees only their hits: say so, so
            an empty queue is not taken for a quiet night. */}
        {onlyLists && (
          <p className="screen__meta queue__only">
            Your role sees only hits from: {onlyLists.length ? onlyLists.join(', ') : 'no hotlist'}.
          </p>
        )}
      </div>
      {error && (
        <div className="error-box" role="alert">
          <p>Could not load the hit queue: {error.message}</p>
          <button type="button" className="button" onClick={queue.reload}>
            Try again
          </button>
        </div>
      )}
      {items === null ? (
        !error && <p className="loading">Loading hits…</p>
      ) : (
        <HitQueue items={items} selectedId={selectedId} onSelect={onSelect} onOpen={onOpen} />
      )}
    </section>
  );
}
