/**
 * What the desktop hears of hits: notifications for new hits and escalations when nobody is
 * looking at the console, quiet hours (never for a high-priority hit), the click that focuses
 * the console on a hit (`hits:focus` to the UI sessions, and `onFocus` for the shell), and the
 * count of unhandled hits for the tray icon.
 */
import { ENDED_STATUSES as ENDED, type HitEscalation, type QueueItem, type QuietHours, type NotificationSettings, type EventName } from '../../contract';
import type { Session } from '../context';
import type { DB } from '../db/open';
import { describeEscalation, describeHit, describeWhileLocked, type DesktopNotification, type NotifySink } from './notifier';

/** HH:MM to minutes after midnight. */
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` (local time) falls in the quiet hours; a range may run over midnight (22:00-06:00). */
export function inQuietHours(at: Date, q: QuietHours): boolean {
  if (!q.enabled) return false;
  const now = at.getHours() * 60 + at.getMinutes();
  const start = minutes(q.start);
  const end = minutes(q.end);
  if (start === end) return true;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** Whether to show a notification: desktop notifications on, and high priority always, others outside quiet hours. */
export function shouldNotify(highPriority: boolean, prefs: NotificationSettings, at: Date): boolean {
  if (!prefs.desktop) return false;
  if (highPriority) return true;
  return !inQuietHours(at, prefs.quietHours);
}

export interface DesktopAlertsDeps {
  sink: NotifySink | undefined;
  prefs(): NotificationSettings;
  now(): Date;
  sessions(): Iterable<Session>;
  /** A locked session's screen shows nothing of the data: it is not watching the queue. */
  isLocked(session: Session): boolean;
  /** Whether the session's page is shown new hits (unlocked, cleared, a role that works hits). */
  seesHits(session: Session): boolean;
  db: DB;
  /** Sends `hits:focus` to the UI sessions. */
  focusEvent(hitId: string): void;
  log(line: string): void;
}

/** At most this many notifications for one batch of hits (the queue shows the rest). */
const PER_BATCH = 3;

export class DesktopAlerts {
  private readonly focusListeners = new Set<(hitId: string) => void>();
  private readonly countListeners = new Set<(count: number) => void>();
  private lastCount: number | null = null;

  constructor(private readonly deps: DesktopAlertsDeps) {}

  /** Hits not yet ended (misread, stale list, entry withdrawn or disposed): the tray's number. */
  unhandledCount(): number {
    return this.deps.db.prepare(`SELECT COUNT(*) FROM hits WHERE status NOT IN (${ENDED.map(() => '?').join(', ')})`).pluck().get(...ENDED) as number;
  }

  /** The shell focuses its window and opens the hit; returns the unsubscribe. */
  onFocus(fn: (hitId: string) => void): () => void {
    this.focusListeners.add(fn);
    return () => this.focusListeners.delete(fn);
  }

  /** Called now with the count, then whenever it changes. */
  onCount(fn: (count: number) => void): () => void {
    this.countListeners.add(fn);
    fn(this.lastCount ?? this.recount());
    return () => this.countListeners.delete(fn);
  }

  /** A notification was clicked: focus the console on that hit. */
  focus(hitId: string): void {
    this.deps.log(`notification clicked: focusing hit ${hitId}`);
    this.deps.focusEvent(hitId);
    for (const fn of this.focusListeners) fn(hitId);
  }

  /**
   * Someone is looking at a console page that shows new hits: the page's own alert is enough.
   * A page on the policy or password screen gets no hits, so it does not count.
   */
  private watched(): boolean {
    return [...this.deps.sessions()].some((s) => s.user && s.focused && this.deps.seesHits(s));
  }

  /** A locked console may be in front of anyone: its notifications say that a hit waits, not which. */
  private locked(): boolean {
    return [...this.deps.sessions()].some((s) => s.user && this.deps.isLocked(s));
  }

  private show(n: Omit<DesktopNotification, 'sound'>, highPriority: boolean): boolean {
    const sink = this.deps.sink;
    if (!sink) return false;
    const prefs = this.deps.prefs();
    if (!shouldNotify(highPriority, prefs, this.deps.now())) return false;
    const shown = this.locked() ? describeWhileLocked(n, highPriority) : n;
    sink({ ...shown, sound: prefs.sound }, () => this.focus(n.hitId));
    return true;
  }

  /** Fresh hits from the hub: notified when no signed-in window has focus. */
  newHits(items: QueueItem[]): void {
    if (items.length === 0 || this.watched()) return;
    for (const item of items.slice(0, PER_BATCH)) this.show(describeHit(item), item.priority === 'high');
  }

  /** Every event the core broadcasts passes here: escalations notify, hit changes recount. */
  observe(name: EventName, payload: unknown): void {
    if (name === 'hits:overdue' || name === 'hits:escalated') {
      const { level, item, unopenedForS } = payload as HitEscalation;
      if (!this.watched()) this.show(describeEscalation(level, item, unopenedForS), item.priority === 'high');
    }
    if (name === 'hits:new' || name === 'hits:updated') this.scheduleRecount();
  }

  private recountScheduled = false;

  /** One count per turn of the event loop: a backlog of 10,000 hits arrives as 10,000 events. */
  private scheduleRecount(): void {
    if (this.recountScheduled) return;
    this.recountScheduled = true;
    setImmediate(() => {
      this.recountScheduled = false;
      if (this.deps.db.open) this.recount();
    });
  }

  private recount(): number {
    const count = this.unhandledCount();
    if (count !== this.lastCount) {
      this.lastCount = count;
      for (const fn of this.countListeners) fn(count);
    }
    return count;
  }
}
