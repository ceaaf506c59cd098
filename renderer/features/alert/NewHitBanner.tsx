import type { ActiveAlert, AlertSound } from './useNewHitAlerts';

interface Props {
  alert: ActiveAlert;
  sound: AlertSound;
  onOpen(hitId: string): void;
  onAcknowledge(): void;
}

export function NewHitBanner({ alert: { top, count }, sound, onOpen, onAcknowledge }: Props) {
  return (
    <div className={`new-hit new-hit--${top.priority}`} role="alert" data-alert-sound={sound}>
      <p className="new-hit__text">
        NEW HIT — <span className="new-hit__plate">{top.plate}</span> — {top.reason}
        {count > 1 && <span className="new-hit__more"> (+{count - 1} more new)</span>}
      </p>
      {sound === 'blocked' && (
        <p className="new-hit__sound">Alert sound blocked by the browser: click the page once to allow sound.</p>
      )}
      <div className="new-hit__actions">
        <button type="button" className="button button--primary" onClick={() => onOpen(top.id)}>
          Open {top.plate}
        </button>
        <button type="button" className="button" onClick={onAcknowledge} aria-keyshortcuts="Escape">
          Acknowledge (Esc)
        </button>
      </div>
    </div>
  );
}
