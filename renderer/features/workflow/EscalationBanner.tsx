import type { ActiveEscalation } from './useEscalations';
import { useNow } from '../../lib/clock';
import { formatAge } from '../../lib/time';

interface Props {
  escalation: ActiveEscalation;
  onOpen(hitId: string): void;
  onAcknowledge(): void;
}

export function EscalationBanner({ escalation: { item, unopenedSince, count }, onOpen, onAcknowledge }: Props) {
  // Counts up like the queue's ages: the longer it waits, the louder it should read.
  const now = useNow();
  return (
    <div className="escalation" role="alert">
      <p className="escalation__text">
        ESCALATED — hit <span className="plate-text">{item.plate}</span> not opened for {formatAge(now - unopenedSince)}
        {count > 1 && ` (+${count - 1} more)`}
      </p>
      <p>
        {item.reason} · {item.cameraName}
      </p>
      <button type="button" className="button button--primary" onClick={() => onOpen(item.id)}>
        Open {item.plate}
      </button>
      <button type="button" className="button" onClick={onAcknowledge} aria-keyshortcuts="Escape">
        Acknowledge (Esc)
      </button>
    </div>
  );
}
