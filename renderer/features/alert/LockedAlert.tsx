import { useEffect, useState } from 'react';
import { mostUrgent } from '../../../electron/contract/hub';
import type { QueueItem } from '../../../electron/contract';
import { call, on } from '../../api';
import { AlertBanner } from './NewHitBanner';
import { useAlertSound } from './useNewHitAlerts';

type Priority = QueueItem['priority'];

/**
 * Hits that arrive while the console is locked: the lock screen sounds and says that hits
 * wait and how urgent, never which (AC-11: nothing of the data on a locked screen), until
 * someone unlocks. The core sends `session:hit-waiting` only to cleared users' locked sessions.
 */
export function LockedAlert() {
  // New hits since the lock, the most urgent priority, and whether one is not opened in time.
  const [waiting, setWaiting] = useState<{ count: number; priority: Priority; late: boolean } | null>(null);
  // What already waited when the console locked: said quietly, without the sound.
  const [before, setBefore] = useState<{ count: number; priority: Priority | null } | null>(null);
  const { sound, play } = useAlertSound();
  useEffect(() => {
    call('session:waiting', {}).then(setBefore, () => setBefore(null));
  }, []);
  useEffect(
    () =>
      on('session:hit-waiting', ({ kind, count, priority }) => {
        setWaiting((w) => ({
          count: (w?.count ?? 0) + (kind === 'new' ? count : 0),
          priority: mostUrgent(w ? [w.priority, priority] : [priority]),
          late: (w?.late ?? false) || kind === 'not-opened',
        }));
        play();
      }),
    [play],
  );
  const earlier =
    before && before.count > 0 ? (
      <p className="locked__waiting" role="status">
        {before.count === 1 ? '1 hit' : `${before.count} hits`} not opened when the console locked
        {before.priority ? ` (most urgent: ${before.priority.toUpperCase()})` : ''} — unlock to see {before.count === 1 ? 'it' : 'them'}
      </p>
    ) : null;
  if (!waiting) return earlier;
  return (
    <>
      <AlertBanner priority={waiting.priority} sound={sound} text={describeWaiting(waiting)} />
      {earlier}
    </>
  );
}

/** What the lock screen says: how many, how urgent, whether one waits too long; never which. */
export function describeWaiting({ count, priority, late }: { count: number; priority: Priority; late: boolean }): string {
  const urgency = `(${priority.toUpperCase()})`;
  if (count === 0) return `A HIT IS NOT OPENED IN TIME ${urgency} — unlock to see it`;
  const many = count > 1;
  return `${many ? `${count} NEW HITS` : 'NEW HIT'} WAITING ${urgency}${late ? ', NOT OPENED IN TIME' : ''} — unlock to see ${many ? 'them' : 'it'}`;
}
