import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { QueueItem } from '../../../electron/contract';
import { ApiError, call, on } from '../../api';
import { upsertQueueItem } from './queue-order';
import { useSignInObject } from '../../lib/remember';

export interface HitQueueState {
  items: QueueItem[] | null;
  error: ApiError | null;
  /** The hotlists this user's role is limited to (null: every list), as the core last said. */
  onlyLists?: string[] | null;
}

export interface HitQueue extends HitQueueState {
  reload(): void;
}

/**
 * The open hits, kept live from events. `epoch` changes when the link to the core came back,
 * since events sent while it was down are lost: the queue is fetched again, as it is when an
 * admin changes which hotlists the role sees.
 * `onNewHit` fires once per hit this console had not seen yet.
 */
export function useHitQueue(epoch: number, onNewHit: (item: QueueItem) => void): HitQueue {
  const [state, setState] = useState<HitQueueState>({ items: null, error: null });
  const [attempt, setAttempt] = useState(0);
  const onNewHitRef = useRef(onNewHit);
  useLayoutEffect(() => {
    onNewHitRef.current = onNewHit;
  });
  // The hits this sign-in's queues have already seen: a queue mounted again (back from the
  // lock screen, the Password screen) alerts only the hits that came meanwhile, while the
  // first queue after a sign-in alerts every hit nobody has opened.
  const known = useSignInObject('queue.seen', () => new Set<string>());

  useEffect(() => {
    let cancelled = false;
    // Events that arrive while the queue is being fetched are applied on top of it.
    let early: QueueItem[] | null = [];
    const apply = (item: QueueItem, isNew: boolean) => {
      if (isNew && !known.has(item.id)) onNewHitRef.current(item);
      known.add(item.id);
      if (early) early.push(item);
      else setState((s) => ({ ...s, items: upsertQueueItem(s.items ?? [], item), error: null }));
    };
    const offNew = on('hits:new', (item) => apply(item, true));
    const offUpdated = on('hits:updated', (item) => apply(item, false));
    // An admin changed which hotlists this role sees: the queue is fetched again.
    const offVisibility = on('hits:visibility-changed', () => setAttempt((n) => n + 1));
    call('hits:queue', {}).then(
      ({ hits, onlyLists }) => {
        if (cancelled) return;
        for (const h of hits) {
          // Hits nobody has opened alert when the queue first loads (a sign-in, an unlock: the
          // lock screen said hits wait), and after a reconnect those that came in meanwhile.
          const waiting = h.status === 'new' && !h.claimedBy;
          if (waiting && !known.has(h.id)) onNewHitRef.current(h);
          known.add(h.id);
        }
        const items = (early ?? []).reduce(upsertQueueItem, hits);
        early = null;
        setState({ items, error: null, onlyLists });
      },
      (err: unknown) => {
        // Events keep buffering: the next fetch (Try again, or a reconnect) includes them.
        if (cancelled) return;
        const error = err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) });
        setState((s) => ({ ...s, items: s.items, error }));
      },
    );
    return () => {
      cancelled = true;
      offNew();
      offUpdated();
      offVisibility();
    };
    // `known` is one set for the sign-in (or this queue's own): not a reason to fetch again.
  }, [epoch, attempt]);

  return { ...state, reload: () => setAttempt((n) => n + 1) };
}
