import { useEffect, useRef, type ReactNode } from 'react';
import type { QueueItem } from '../../../electron/contract';
import type { ActiveAlert, AlertSound } from './useNewHitAlerts';

interface BannerProps {
  priority: QueueItem['priority'];
  sound: AlertSound;
  /** What the banner says, in large type. */
  text: ReactNode;
  /** Its buttons, if any: open and acknowledge in the console, back to the queue elsewhere. */
  children?: ReactNode;
}

/**
 * Alert banners (new hit, escalation) stay pinned to the top of the window: a dispatcher
 * scrolled down a long review or a disposition form must still see the next hit come in.
 * Empty, it takes no room.
 */
export function AlertStack({ children }: { children: ReactNode }) {
  const stack = useRef<HTMLDivElement>(null);
  // The page scrolls what it brings into view (a focused button, a CLETS answer) to below the
  // pinned banners, however many there are: their height is the page's scroll padding.
  useEffect(() => {
    const el = stack.current;
    if (!el) return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => root.style.setProperty('--alert-stack-height', `${el.offsetHeight}px`));
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--alert-stack-height');
    };
  }, []);
  return (
    <div className="alert-stack" ref={stack}>
      {children}
    </div>
  );
}

/** The red (amber, blue) pulsing banner every new-hit alert uses, with the sound's state. */
export function AlertBanner({ priority, sound, text, children }: BannerProps) {
  return (
    <div className={`new-hit new-hit--${priority}`} role="alert" data-alert-sound={sound}>
      <p className="new-hit__text">{text}</p>
      {sound === 'blocked' && (
        <p className="new-hit__sound">Alert sound blocked by the browser: click the page once to allow sound.</p>
      )}
      {children && <div className="new-hit__actions">{children}</div>}
    </div>
  );
}

export function NewHitBanner({ alert: { top, count }, sound, children }: { alert: ActiveAlert; sound: AlertSound; children: ReactNode }) {
  return (
    <AlertBanner
      priority={top.priority}
      sound={sound}
      text={
        <>
          {/* A hit alerted again because nobody opened it says so: not a second read of the car. */}
          {top.escalation ? 'NOT OPENED IN TIME' : 'NEW HIT'} — <span className="new-hit__plate">{top.plate}</span> — {top.reason}
          {count > 1 && <span className="new-hit__more"> ({count} not opened)</span>}
        </>
      }
    >
      {children}
    </AlertBanner>
  );
}
