import { useEffect, useState } from 'react';
import { PRIORITIES } from '../../../electron/contract/hub';
import type { QueueItem } from '../../../electron/contract';
import { on } from '../../api';
import { AlertBanner } from './NewHitBanner';
import { useAlertSound } from './useNewHitAlerts';

type Priority = QueueItem['priority'];

/**
 * Hits that arrive while the console is locked: the lock screen sounds and says that hits
 * wait and how urgent, never which (AC-11: nothing of the data on a locked screen), until
 * someone unlocks. The core sends `session:hit-waiting` only to cleared users' locked sessions.
 */
export function LockedAlert() {
  const [waiting, setWaiting] = useState<{ count: number; priority: Priority } | null>(null);
  const { sound, play } = useAlertSound();
  useEffect(
    () =>
      on('session:hit-waiting', ({ count, priority }) => {
        setWaiting((w) => ({
          count: (w?.count ?? 0) + count,
          priority: w && PRIORITIES.indexOf(w.priority) < PRIORITIES.indexOf(priority) ? w.priority : priority,
        }));
        play();
      }),
    [play],
  );
  if (!waiting) return null;
  const many = waiting.count > 1;
  return (
    <AlertBanner
      priority={waiting.priority}
      sound={sound}
      text={`${many ? `${waiting.count} NEW HITS` : 'NEW HIT'} WAITING (${waiting.priority.toUpperCase()}) — unlock to see ${many ? 'them' : 'it'}`}
    />
  );
}
