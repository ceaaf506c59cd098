import type { ActiveEscalation } from './useEscalations';
import { formatAge } from '../../lib/time';

interface Props {
  escalation: ActiveEscalation;
  onOpen(hitId: string): void;
  onAcknowledge(): void;
}

export function EscalationBanner({ escalation: { item, unopenedForS, count }, onOpen, onAcknowledge }: Props) {
  return (
    <div className="escalation" role="alert">
      <p className="escalation__text">
        ESCALATED — hit <span className="plate-text">{item.plate}</span> not opened for {formatAge(unopenedForS * 1000)}
        {count > 1 && ` (+${count - 1} more)`}
      </p>
      <p>
        {item.reason} · {item.cameraName}
      </p>
      <button type="button" className="button button--primary" onClick={() => onOpen(item.id)}>
        Open {item.plate}
      </button>
      <button type="button" className="button" onClick={onAcknowledge}>
        Acknowledge
      </button>
    </div>
  );
}
