/**
 * Desktop notifications for new hits (node-notifier), raised only when no console window has
 * focus: a dispatcher looking at the queue already sees and hears the hit.
 */
import type { QueueItem } from '../../contract';

export interface DesktopNotification {
  title: string;
  message: string;
  /** Lets the shell focus the console on this hit when the notification is clicked. */
  hitId: string;
  urgent: boolean;
}

export type NotifySink = (n: DesktopNotification) => void;

export function describeHit(item: QueueItem): DesktopNotification {
  return {
    title: `ALPR hit: ${item.plate} (${item.state}) - ${item.priority.toUpperCase()}`,
    message: `${item.list}: ${item.reason}\n${item.cameraName} ${item.direction}`,
    hitId: item.id,
    urgent: item.priority === 'high',
  };
}

/** node-notifier, loaded lazily; a machine without a notification daemon logs once and goes on. */
export function nodeNotifierSink(log: (line: string) => void): NotifySink {
  let warned = false;
  return (n) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const notifier = require('node-notifier') as typeof import('node-notifier');
    notifier.notify({ title: n.title, message: n.message, wait: false, sound: n.urgent }, (err) => {
      if (err && !warned) {
        warned = true;
        log(`desktop notifications unavailable: ${err.message}`);
      }
    });
  };
}
