import { useEffect, type ReactNode } from 'react';
import { call } from '../../api';
import { useHitQueue } from '../queue/useHitQueue';
import { UnopenedBadge, unopenedCount, useUnopenedTitle } from '../shell/unopened';
import { AlertStack, NewHitBanner } from './NewHitBanner';
import { activeAlert, useNewHitAlerts } from './useNewHitAlerts';

/**
 * The hit queue while the console itself is not on screen (the user's own password screen,
 * Administration): new hits get the same sound and banner, leading back to the queue, and the
 * window title and the bar's Hit queue button keep their count of unopened hits, so no hit
 * goes unnoticed while someone changes a password. The core is told the queue is not being
 * watched, so it adds its desktop notification (and, in Electron, the flashing window); the
 * console reports focus again when it comes back.
 *
 * `children` renders the page around the banner, given the bar's badge.
 */
export function AwayAlert({ epoch, onBack, children }: { epoch: number; onBack(): void; children(badge: ReactNode, banner: ReactNode): ReactNode }) {
  const alerts = useNewHitAlerts();
  const queue = useHitQueue(epoch, alerts.raise);
  const unopened = unopenedCount(queue.items);
  useUnopenedTitle(unopened);
  useEffect(() => {
    call('ui:attention', { focused: false }).catch(() => undefined);
  }, []);
  const alert = activeAlert(alerts.ids, queue.items ?? []);
  const banner = alert && (
    <AlertStack>
      <NewHitBanner alert={alert} sound={alerts.sound}>
        <button type="button" className="button button--primary" onClick={onBack}>
          Back to the hit queue
        </button>
      </NewHitBanner>
    </AlertStack>
  );
  return <>{children(<UnopenedBadge count={unopened} />, banner)}</>;
}
