import { useCallback, useEffect, useRef, useState } from 'react';
import type { HitEscalation, QueueItem } from '../../../electron/contract';
import escalateSound from '../../../assets/sounds/escalate.wav';
import { on } from '../../api';

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
export function useEscalations(items: readonly QueueItem[] | null, epoch: number): { active: ActiveEscalation | null; acknowledge(): void } {
  const [raised, setRaised] = useState<readonly Raised[]>([]);
  const audio = useRef<HTMLAudioElement | null>(null);

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
  const last = waiting[waiting.length - 1];
  return { active: last ? { item: last.item, unopenedSince: last.unopenedSince, count: waiting.length } : null, acknowledge };
}
