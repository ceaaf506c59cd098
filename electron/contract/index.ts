/**
 * The contract between the UI and the core: every call and event, with zod schemas for its
 * input and output and the roles allowed. The preload, both transports and renderer/api.ts are
 * checked against this list; nothing crosses the boundary that is not named here.
 * Each domain keeps its calls in its own file (session.ts, hits.ts ...); this merges them.
 * Pure TypeScript + zod: imported by the renderer too, so no Node or Electron imports.
 */
import type { z } from 'zod';
import { sessionCalls, sessionEvents } from './session';
import { hitCalls, hitEvents } from './hits';
import { auditCalls, auditEvents } from './audit';
import { workflowCalls } from './workflow';
import { adminCalls } from './admin';
import { shiftLogCalls, shiftLogEvents } from './shiftlog';
import { reportsCalls, reportsEvents } from './reports';
import { searchCalls, searchEvents } from './search';
import { recordsCalls, recordsEvents } from './records';
import { settingsCalls, settingsEvents } from './settings';
import { randomAuditCalls, randomAuditEvents } from './random-audit';

export * from './common';
export * from './session';
export * from './hits';
export * from './audit';
export * from './workflow';
export * from './admin';
export * from './shiftlog';
export * from './reports';
export * from './search';
export * from './records';
export * from './settings';
export * from './random-audit';

export const calls = {
  ...sessionCalls,
  ...hitCalls,
  ...auditCalls,
  ...workflowCalls,
  ...adminCalls,
  ...shiftLogCalls,
  ...reportsCalls,
  ...searchCalls,
  ...recordsCalls,
  ...settingsCalls,
  ...randomAuditCalls,
} as const;
export type Calls = typeof calls;
export type Channel = keyof Calls;
export type CallInput<C extends Channel> = z.input<Calls[C]['input']>;
export type CallOutput<C extends Channel> = z.infer<Calls[C]['output']>;
export const CHANNELS = Object.keys(calls) as Channel[];
export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

/** The action a call's audit records carry (its contract's `auditAction`, else the channel). */
export function auditActionOf(channel: Channel): string {
  return (calls[channel] as { auditAction?: string }).auditAction ?? channel;
}

export const events = {
  ...sessionEvents,
  ...hitEvents,
  ...auditEvents,
  ...shiftLogEvents,
  ...reportsEvents,
  ...searchEvents,
  ...recordsEvents,
  ...settingsEvents,
  ...randomAuditEvents,
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
