import { useCallback, useRef, useState } from 'react';
import type { QueueItem } from '../../../electron/contract';
import alertSound from '../../../assets/sounds/alert.wav';
import { useRemembered } from '../../lib/remember';
import { compareQueueItems } from '../queue/queue-order';
import { unopenedCount } from '../shell/unopened';

/** Whether the browser let the alert sound play; exposed on the banner for tests. */
export type AlertSound = 'pending' | 'played' | 'blocked';

export interface NewHitAlerts {
  /** Hits alerted and not yet acknowledged, oldest first. */
  ids: readonly string[];
  sound: AlertSound;
  raise(item: QueueItem): void;
  acknowledge(): void;
}

/**
 * The alert sound, and whether the browser let it play. A burst (a replay after an outage)
 * sounds once, not once per hit.
 */
export function useAlertSound(): { sound: AlertSound; play(): void } {
  const [sound, setSound] = useState<AlertSound>('pending');
  const audio = useRef<HTMLAudioElement | null>(null);
  const play = useCallback(() => {
    audio.current ??= new Audio(alertSound);
    const a = audio.current;
    if (!a.paused) return;
    a.currentTime = 0;
    setSound('pending');
    const attempt = (retries: number): void => {
      a.play().then(
        () => setSound('played'),
        (err: unknown) => {
          // Only an autoplay refusal needs the dispatcher's click; an interrupted load
          // (hits arriving while the sound is still loading) is simply tried again.
          if ((err as { name?: string }).name !== 'NotAllowedError' && retries > 0) attempt(retries - 1);
          else setSound('blocked');
        },
      );
    };
    attempt(2);
  }, []);
  return { sound, play };
}

export function useNewHitAlerts(): NewHitAlerts {
  // Kept for the sign-in, as the queue's "already seen" set is: a banner nobody acknowledged
  // is still up after the lock screen, Administration or the Password screen, whose return
  // mounts a new queue that does not raise those hits again.
  const [ids, setIds] = useRemembered<readonly string[]>('alerts.new', []);
  const { sound, play } = useAlertSound();

  const raise = useCallback(
    (item: QueueItem) => {
      setIds((current) => (current.includes(item.id) ? current : [...current, item.id]));
      play();
    },
    [play, setIds],
  );

  const acknowledge = useCallback(() => setIds([]), [setIds]);
  return { ids, sound, raise, acknowledge };
}

export interface ActiveAlert {
  /** The most urgent alerted hit still unopened. */
  top: QueueItem;
  /** Every hit not opened yet, alerted or not: the count the bar and the window title show. */
  count: number;
}

/** An alert ends when its hit is opened (here or at another console) or leaves the queue. */
export function activeAlert(ids: readonly string[], items: readonly QueueItem[] | null): ActiveAlert | null {
  if (ids.length === 0 || items === null) return null;
  const wanted = new Set(ids);
  const active = items.filter((i) => wanted.has(i.id) && i.status === 'new');
  const top = active.reduce<QueueItem | null>(
    (best, i) => (best === null || compareQueueItems(i, best) < 0 ? i : best),
    null,
  );
  return top === null ? null : { top, count: unopenedCount(items) };
}
