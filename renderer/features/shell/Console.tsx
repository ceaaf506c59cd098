import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, User } from '../../../electron/contract';
import { NewHitBanner } from '../alert/NewHitBanner';
import { useAttention } from '../alert/useAttention';
import { activeAlert, useNewHitAlerts } from '../alert/useNewHitAlerts';
import { QueueScreen } from '../queue/QueueScreen';
import { useHitQueue } from '../queue/useHitQueue';
import { ReviewScreen } from '../review/ReviewScreen';
import { EscalationBanner } from '../workflow/EscalationBanner';
import { useEscalations } from '../workflow/useEscalations';
import { on } from '../../api';
import { Shell } from './Shell';
import { useHubState } from './useHubState';

interface Props {
  info: AppInfo | null;
  user: User;
  /** Changes when the link to the core came back: everything live is fetched again. */
  epoch: number;
  onSignOut(): void;
}

const TITLE = 'ALPR Hit Console';

/** Everything a signed-in dispatcher sees. */
export function Console({ info, user, epoch, onSignOut }: Props) {
  const alerts = useNewHitAlerts();
  const queue = useHitQueue(epoch, alerts.raise);
  const hub = useHubState(epoch);
  useAttention(epoch);
  const [reviewing, setReviewing] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const alert = activeAlert(alerts.ids, queue.items);
  const escalations = useEscalations(queue.items, epoch);
  const { raise } = alerts;
  // A hit nobody opened in time alerts again, sound and banner, like a new one.
  useEffect(() => on('hits:overdue', ({ item }) => raise(item)), [raise, epoch]);
  const unopened = queue.items?.filter((i) => i.status === 'new').length ?? 0;

  const open = useCallback((hitId: string) => {
    setSelectedId(hitId);
    setReviewing(hitId);
  }, []);
  const back = useCallback(() => setReviewing(null), []);

  useEffect(() => {
    document.title = unopened > 0 ? `(${unopened}) ${TITLE}` : TITLE;
  }, [unopened]);

  const hasAlert = alert !== null;
  const { acknowledge } = alerts;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      // The newest, most urgent thing on screen goes first: a new hit outranks leaving a review.
      if (hasAlert) acknowledge();
      else if (reviewing !== null) back();
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [hasAlert, acknowledge, reviewing, back]);

  const nav = (
    <nav className="topbar__nav" aria-label="Console">
      <button type="button" className="button" aria-current={reviewing === null ? 'page' : undefined} onClick={back}>
        Hit queue{unopened > 0 && <span className="count-badge">{unopened} new</span>}
      </button>
    </nav>
  );

  return (
    <Shell info={info} session={{ user, hub, nav, onSignOut }}>
      {escalations.active && <EscalationBanner escalation={escalations.active} onOpen={open} onAcknowledge={escalations.acknowledge} />}
      {alert && <NewHitBanner alert={alert} sound={alerts.sound} onOpen={open} onAcknowledge={acknowledge} />}
      {reviewing === null ? (
        <QueueScreen queue={queue} selectedId={selectedId} onSelect={setSelectedId} onOpen={open} />
      ) : (
        <ReviewScreen key={reviewing} hitId={reviewing} onBack={back} />
      )}
    </Shell>
  );
}
