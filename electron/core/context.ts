/**
 * What every group of call handlers gets from the core, and the types they are written in.
 * A domain (session/, hits/, audit/ ...) exports `xxxHandlers(ctx)` returning its share of the
 * contract; core.ts merges them and refuses to start if a channel has no handler.
 */
import type { z } from 'zod';
import type { calls, CallOutput, Channel, EventName, EventPayload, Role, User } from '../contract';
import type { DB } from './db/open';
import type { Actor, AuditEntry, AuditLog } from './audit/log';
import type { Users } from './auth/users';
import type { HitStore } from './hits/store';
import type { HubClient } from './hub-client/client';
import type { CoreOptions } from './core';

export type Listener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export interface Session {
  id: string;
  ip: string | null;
  user: User | null;
  focused: boolean;
  listener: Listener | null;
}

export type Handler<C extends Channel> = (
  input: z.infer<(typeof calls)[C]['input']>,
  session: Session,
) => Promise<CallOutput<C>> | CallOutput<C>;
export type Handlers = { [C in Channel]: Handler<C> };

/** Who may receive an event: any signed-in session, or the roles listed. */
export type EventAccess = 'signed-in' | readonly Role[];

/**
 * A domain of the core (shift log, reports, search ...): its handlers, which sessions may
 * receive its events, and any timers it runs while the core is open.
 */
export interface CoreModule<K extends Channel> {
  handlers: Pick<Handlers, K>;
  eventAccess?: Partial<Record<EventName, EventAccess>>;
  start?(): void;
  /** Stops timers and workers; the core waits for it before closing the database. */
  stop?(): void | Promise<void>;
}

export interface CoreContext {
  readonly opts: CoreOptions;
  readonly db: DB;
  readonly audit: AuditLog;
  readonly users: Users;
  readonly hits: HitStore;
  readonly hub: HubClient | null;
  readonly log: (line: string) => void;
  readonly now: () => Date;
  /** Sends an event to every session whose role may receive it. */
  broadcast<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /**
   * Runs `work` (an action and its audit records) in a group commit: the promise settles
   * once it is durable. Wakes the audit forwarder afterwards.
   */
  commit<T>(work: () => T): Promise<T>;
  /** Writes one audit record on its own, durably, and wakes the forwarder. */
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Wakes the forwarder after records were written inside a larger transaction. */
  recordsWritten(): void;
  sessions(): Iterable<Session>;
  /** Hotlist categories per role (issue 5): the items of lists this role may see. */
  visibleItems<T extends { list: string }>(role: Role, items: T[]): T[];
  /** The hotlists a role is limited to (admin setting); null: every list. */
  listsOf(role: Role): string[] | null;
  /** Refuses (as "no such hit", audited) opening a hit from a list the session's role may not see. */
  /** `action`: the audit action of the call refused (default `hits:open`). */
  refuseHiddenHit(hitId: string, session: Session, action?: string): Promise<void>;
}

export function actorOf(user: User): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    badge: user.badge,
    agency: user.agency,
  };
}
