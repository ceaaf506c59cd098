import { useEffect, useState } from 'react';
import type { QueueItem } from '../../../electron/contract';
import { call, on } from '../../api';
import { NewHitBanner } from './NewHitBanner';
import { activeAlert, useNewHitAlerts } from './useNewHitAlerts';

/**
 * New hits while the console itself is not on screen (the user's own password screen,
 * Administration): the same sound and banner, leading back to the queue, so no hit goes
 * unnoticed while someone changes a password. The core is told the queue is not being
 * watched, so it adds its desktop notification (and, in Electron, the flashing window); the
 * console reports focus again when it comes back.
 */
export function AwayAlert({ onBack }: { onBack(): void }) {
  const alerts = useNewHitAlerts();
  const [items, setItems] = useState<readonly QueueItem[]>([]);
  const { raise } = alerts;
  useEffect(() => {
    call('ui:attention', { focused: false }).catch(() => undefined);
    return on('hits:new', (item) => {
      setItems((current) => (current.some((i) => i.id === item.id) ? current : [...current, item]));
      raise(item);
    });
  }, [raise]);
  const alert = activeAlert(alerts.ids, items);
  if (!alert) return null;
  return (
    <NewHitBanner alert={alert} sound={alerts.sound}>
      <button type="button" className="button button--primary" onClick={onBack}>
        Back to the hit queue
      </button>
    </NewHitBanner>
  );
}
