/**
 * The console -> hub messages the hub answers. Each is one small module with a name and a
 * handler that returns the acknowledgement; server.ts wires every entry of `consoleEvents`
 * to each authenticated socket. See ../README.md for how to add one.
 */
import type { HubStore } from '../store';
import { auditAppend } from './audit-append';

export interface ConsoleContext {
  /** The authenticated workstation: a handler never trusts an id from the payload instead. */
  workstation: string;
  store: HubStore;
  log: (line: string) => void;
}

export interface ConsoleEvent {
  name: string;
  /** Validates `payload` itself and returns the acknowledgement; throws only on hub faults. */
  handle(ctx: ConsoleContext, payload: unknown): Promise<unknown>;
}

export const consoleEvents: readonly ConsoleEvent[] = [auditAppend];
