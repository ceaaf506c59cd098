/**
 * Desktop notifications through node-notifier. The sink is given the object node-notifier
 * exports (or one of its notifier classes); a click comes back through node-notifier's own
 * callback as the response `activate` (Windows toasts, macOS Notification Center). Linux's
 * notify-send reports no clicks through node-notifier 10, so there a click does nothing.
 */
import type { QueueItem } from '../../contract';

export interface DesktopNotification {
  title: string;
  message: string;
  /** Lets the shell focus the console on this hit when the notification is clicked. */
  hitId: string;
  urgent: boolean;
  /** Play the system sound with it. */
  sound: boolean;
}

/** Shows a notification; calls `onClick` if the user clicks it. */
export type NotifySink = (n: DesktopNotification, onClick: () => void) => void;

/** The part of node-notifier's API the sink uses (`notify(options, callback)`). */
export interface NotifierLike {
  notify(
    options: { title: string; message: string; wait: boolean; sound: boolean; timeout?: number | false; appID?: string },
    callback: (err: Error | null, response: string | undefined, metadata?: unknown) => void,
  ): unknown;
}

export function describeHit(item: QueueItem): Omit<DesktopNotification, 'sound'> {
  return {
    title: `ALPR hit: ${item.plate} (${item.state}) - ${item.priority.toUpperCase()}`,
    message: `${item.list}: ${item.reason}\n${item.cameraName} ${item.direction}`,
    hitId: item.id,
    urgent: item.priority === 'high',
  };
}

/** The same notification with nothing of the data in it, for a console that is locked. */
export function describeWhileLocked(n: Omit<DesktopNotification, 'sound'>, highPriority: boolean): Omit<DesktopNotification, 'sound'> {
  return {
    title: `ALPR hit waiting${highPriority ? ' - HIGH' : ''}`,
    message: 'The console is locked: unlock it to see the hit.',
    hitId: n.hitId,
    urgent: n.urgent,
  };
}

export function describeEscalation(level: number, item: QueueItem, unopenedForS: number): Omit<DesktopNotification, 'sound'> {
  const minutes = Math.max(1, Math.round(unopenedForS / 60));
  return {
    title: `${level >= 2 ? 'ESCALATED' : 'NOT OPENED'}: ${item.plate} (${item.state}) - ${item.priority.toUpperCase()}`,
    message: `${level >= 2 ? 'Nobody opened this hit; it went to supervisors.' : 'Nobody has opened this hit yet.'} ${minutes} min\n${item.list}: ${item.reason}`,
    hitId: item.id,
    urgent: item.priority === 'high' || level >= 2,
  };
}

/** node-notifier's response for a click, after its own normalisation (`clicked` -> `activate`). */
export function isClick(response: string | undefined): boolean {
  return response === 'activate';
}

/**
 * node-notifier, loaded lazily unless given; a machine without a notification daemon logs once
 * and goes on.
 */
export function nodeNotifierSink(log: (line: string) => void, notifier?: NotifierLike): NotifySink {
  let warned = false;
  return (n, onClick) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const target = notifier ?? (require('node-notifier') as NotifierLike);
    target.notify({ title: n.title, message: n.message, wait: true, sound: n.sound, appID: 'ALPR Hit Console' }, (err, response) => {
      if (err) {
        if (!warned) {
          warned = true;
          log(`desktop notifications unavailable: ${err.message}`);
        }
        return;
      }
      if (isClick(response)) onClick();
    });
  };
}
