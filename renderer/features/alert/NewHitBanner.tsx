import type { ReactNode } from 'react';
import type { ActiveAlert, AlertSound } from './useNewHitAlerts';

interface Props {
  alert: ActiveAlert;
  sound: AlertSound;
  /** The banner's buttons: open and acknowledge in the console, back to the queue elsewhere. */
  children: ReactNode;
}

export function NewHitBanner({ alert: { top, count }, sound, children }: Props) {
  return (
    <div className={`new-hit new-hit--${top.priority}`} role="alert" data-alert-sound={sound}>
      <p className="new-hit__text">
        NEW HIT — <span className="new-hit__plate">{top.plate}</span> — {top.reason}
        {count > 1 && <span className="new-hit__more"> (+{count - 1} more new)</span>}
      </p>
      {sound === 'blocked' && (
        <p className="new-hit__sound">Alert sound blocked by the browser: click the page once to allow sound.</p>
      )}
      <div className="new-hit__actions">{children}</div>
    </div>
  );
}
