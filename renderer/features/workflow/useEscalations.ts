import { useCallback, useEffect, useRef, useState } from 'react';
import type { HitEscalation, QueueItem } from '../../../electron/contract';
import escalateSound from '../../../assets/sounds/escalate.wav';
import { on } from '../../api';
import { compareQueueItems } from '../queue/queue-order';

export interface ActiveEscalation {
  item: QueueItem;
  /** When (epoch ms, this clock) the hit was stored unopened: the banner's age counts from it. */
  unopenedSince: number;
  count: number;
}

type Raised = HitEscalation & { unopenedSince: number };

/**
 * Hits escalated to supervisors (the core sends `hits:escalated` only to supervisors' and
 * admins' sessions), with their own sound. One ends when its hit is opened or claimed anywhere.
 */
export function useEscalations(
  items: readonly QueueItem[] | null,
  epoch: number,
  /** A supervisor or admin: hits escalated before this page had the queue are raised too. */
  receives = false,
): { active: ActiveEscalation | null; acknowledge(): void } {
  const [raised, setRaised] = useState<readonly Raised[]>([]);
  const audio = useRef<HTMLAudioElement | null>(null);
  const seeded = useRef(false);

  // Signed in (or reconnected) after the escalation was sent: the queue's rows say which hits
  // went to supervisors, and the banner comes up for them as it would have then.
  useEffect(() => {
    if (!receives || !items || seeded.current) return;
    seeded.current = true;
    const waiting = items.filter((i) => i.escalation === 2 && i.status === 'new' && i.claimedBy === null);
    if (waiting.length === 0) return;
    audio.current ??= new Audio(escalateSound);
    audio.current.play().catch(() => undefined);
    setRaised((list) => [
      ...list,
      ...waiting
        .filter((i) => !list.some((x) => x.item.id === i.id))
        .map((item) => ({ level: 2 as const, item, unopenedForS: Math.round((Date.now() - Date.parse(item.receivedAt)) / 1000), unopenedSince: Date.parse(item.receivedAt) })),
    ]);
  }, [items, receives]);
  useEffect(() => {
    seeded.current = false;
  }, [epoch]);

  useEffect(
    () =>
      on('hits:escalated', (e) => {
        const unopenedSince = Date.now() - e.unopenedForS * 1000;
        setRaised((list) => [...list.filter((x) => x.item.id !== e.item.id), { ...e, unopenedSince }]);
        audio.current ??= new Audio(escalateSound);
        audio.current.currentTime = 0;
        // A blocked sound still leaves the banner; the new-hit alert already asks for a click.
        audio.current.play().catch(() => undefined);
      }),
    [epoch],
  );

  const acknowledge = useCallback(() => setRaised([]), []);
  const waiting = raised.filter((e) => {
    const now = items?.find((i) => i.id === e.item.id);
    return now !== undefined && now.status === 'new' && now.claimedBy === null;
  });
  // The banner (and its Open button) names the most urgent of them, in the queue's own order.
  const top = waiting.reduce<Raised | null>((best, e) => (best === null || compareQueueItems(e.item, best.item) < 0 ? e : best), null);
  return { active: top ? { item: top.item, unopenedSince: top.unopenedSince, count: waiting.length } : null, acknowledge };
}
