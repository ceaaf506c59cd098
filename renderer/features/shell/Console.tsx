import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { HIT_WORKERS, SUPERVISORS, type AppInfo, type User } from '../../../electron/contract';
import { AlertStack, NewHitBanner } from '../alert/NewHitBanner';
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
import { navFor, QUEUE, ResumeHitContext, StartViewContext, viewsFor, type ViewSpec } from './views';
import { ViewNav } from './ViewNav';
import { useDisplayPreferences } from '../settings/preferences';
import { focusScreen } from '../../lib/focus';
import { TITLE, UnopenedBadge, unopenedCount, useUnopenedTitle } from './unopened';

/** How long a banner (or the queue, back from a review) is up before Esc may acknowledge it. */
const BANNER_SETTLE_MS = 800;

interface Props {
  info: AppInfo | null;
  user: User;
  /** Changes when the link to the core came back: everything live is fetched again. */
  epoch: number;
  onSignOut(): void;
}


/** Everything a signed-in user sees: the hit queue for those who work hits, and the other screens. */
export function Console(props: Props) {
  // The user's theme and font scale (Settings), applied to the whole page.
  useDisplayPreferences(props.epoch);
  return HIT_WORKERS.includes(props.user.role) ? <HitConsole {...props} /> : <ReadOnlyConsole {...props} />;
}

function HitConsole({ info, user, epoch, onSignOut }: Props) {
  const alerts = useNewHitAlerts();
  const queue = useHitQueue(epoch, alerts.raise);
  const hub = useHubState(epoch);
  useAttention(epoch);
  // The screen picked on the Administration or Password screen's bar, else the queue.
  const startView = useContext(StartViewContext);
  const [view, setView] = useState<string>(startView ?? QUEUE);
  // Back from the lock screen (same user) or the Password screen: the hit that was under
  // review, opened again (a screen picked on the way back wins).
  const resume = useContext(ResumeHitContext);
  const [reviewing, setReviewing] = useState<string | null>(startView ? null : resume.hitId);
  useEffect(() => {
    resume.hitId = reviewing;
  }, [resume, reviewing]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const alert = activeAlert(alerts.ids, queue.items);
  const escalations = useEscalations(queue.items, epoch, SUPERVISORS.includes(user.role));
  const { raise } = alerts;
  // A hit nobody opened in time alerts again, sound and banner, like a new one.
  useEffect(() => on('hits:overdue', ({ item }) => raise(item)), [raise, epoch]);
  const unopened = unopenedCount(queue.items);
  const others: ViewSpec[] = viewsFor(user.role);

  // Where the focus was when a hit was opened from another screen, to go back to it.
  const returnFocus = useRef<Element | null>(null);
  const open = useCallback((hitId: string) => {
    setView(QUEUE);
    setSelectedId(hitId);
    setReviewing(hitId);
  }, []);
  // From the shift log or a search: the review opens over that screen, which stays mounted
  // (hidden) so that Esc comes back to it as it was, filters, rows and selection included.
  const openOver = useCallback((hitId: string) => {
    returnFocus.current = document.activeElement;
    setReviewing(hitId);
  }, []);
  const back = useCallback(() => setReviewing(null), []);
  useEffect(() => {
    if (reviewing !== null || !returnFocus.current) return;
    const el = returnFocus.current;
    returnFocus.current = null;
    if (el instanceof HTMLElement && el.isConnected) el.focus();
  }, [reviewing]);
  // A clicked desktop notification: open that hit's review.
  useEffect(() => on('hits:focus', ({ hitId }) => open(hitId)), [open, epoch]);
  // Picked from the bar: once that screen is up, the focus goes into it (focusScreen).
  const [picked, setPicked] = useState(0);
  const select = useCallback((id: string) => {
    setView(id);
    setReviewing(null);
    returnFocus.current = null;
    setPicked((n) => n + 1);
  }, []);
  useEffect(() => {
    if (picked > 0) focusScreen();
  }, [picked]);

  useUnopenedTitle(unopened);

  const hasAlert = alert !== null;
  const escalating = escalations.active !== null;
  const acknowledgeEscalation = escalations.acknowledge;
  const { acknowledge } = alerts;
  // Esc never acknowledges a banner the dispatcher has not had a moment to see: one that has
  // just come up, or one pressed just after Esc took them out of a review (a double press
  // meant to leave a form and the review would otherwise silence a hit never looked at).
  const settled = useRef(0);
  const bannerKey = `${alert?.top.id ?? ''}|${escalations.active?.item.id ?? ''}|${reviewing ?? ''}`;
  useEffect(() => {
    settled.current = Date.now() + BANNER_SETTLE_MS;
  }, [bannerKey]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      // In a review, Esc leaves it, as its Back button says; a pinned banner stays for the queue.
      if (reviewing !== null) back();
      else if (!hasAlert && !escalating) return;
      else if (Date.now() < settled.current) {
        // Swallowed: too soon after the banner came up to be meant for it.
      } else if (hasAlert) acknowledge();
      else acknowledgeEscalation();
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [hasAlert, acknowledge, escalating, acknowledgeEscalation, reviewing, back]);

  const nav = (
    <ViewNav
      views={navFor(user.role)}
      current={reviewing !== null ? '' : view}
      onSelect={select}
      queueBadge={<UnopenedBadge count={unopened} />}
    />
  );
  const other = others.find((v) => v.id === view);

  return (
    <Shell info={info} session={{ user, hub, nav, onSignOut }}>
      <AlertStack>
        {escalations.active && <EscalationBanner escalation={escalations.active} onOpen={open} onAcknowledge={escalations.acknowledge} />}
        {alert && (
          <NewHitBanner alert={alert} sound={alerts.sound}>
            <button type="button" className="button button--primary" onClick={() => open(alert.top.id)}>
              Open {alert.top.plate}
            </button>
            <button type="button" className="button" onClick={acknowledge} aria-keyshortcuts="Escape">
              Acknowledge (Esc)
            </button>
          </NewHitBanner>
        )}
      </AlertStack>
      {reviewing !== null && <ReviewScreen key={reviewing} hitId={reviewing} onBack={back} backTo={other ? other.label.toLowerCase() : 'queue'} intent={other ? 'review' : 'confirm'} onWork={open} hubConnected={hub === null ? null : hub.state === 'connected'} />}
      {other ? (
        <div hidden={reviewing !== null}>{other.render({ user, epoch, onOpenHit: openOver })}</div>
      ) : (
        reviewing === null && <QueueScreen queue={queue} selectedId={selectedId} onSelect={setSelectedId} onOpen={open} />
      )}
    </Shell>
  );
}

/** Auditors: no hits to work, only the screens their role may read. */
function ReadOnlyConsole({ info, user, epoch, onSignOut }: Props) {
  const hub = useHubState(epoch);
  const views = viewsFor(user.role);
  const start = useContext(StartViewContext);
  const [view, setView] = useState<string>(views.find((v) => v.id === start)?.id ?? views[0]?.id ?? '');
  const current = views.find((v) => v.id === view);
  useEffect(() => {
    document.title = TITLE;
  }, []);
  const select = (id: string) => {
    setView(id);
    focusScreen();
  };
  return (
    <Shell info={info} session={{ user, hub, nav: <ViewNav views={views} current={view} onSelect={select} />, onSignOut }}>
      {current?.render({ user, epoch, onOpenHit: () => {} })}
    </Shell>
  );
}
