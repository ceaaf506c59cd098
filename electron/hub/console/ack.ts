/**
 * Helpers every console -> hub handler uses to shape its acknowledgement.
 */
import type { z } from 'zod';
import { describeIssues, type HitStatus, type HubErrorAck } from '../../contract/hub';

/** A handler's answer when it must send no acknowledgement at all (a fault being simulated). */
export const NO_ANSWER = Symbol('no answer');

/** The payload, or the refusal to send back, naming every field at fault. */
export function parsePayload<T>(
  name: string,
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  payload: unknown,
): { ok: true; data: T } | { ok: false; ack: HubErrorAck } {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, ack: refuse(`invalid ${name}: ${describeIssues(parsed.error).join('; ')}`) };
}

export function refuse(error: string): HubErrorAck {
  return { ok: false, error };
}

/** A hit event as every console gets it (`hit:status`): the hub's receivedAt stays at the hub. */
export function statusOf(event: HitStatus & { receivedAt?: string }): HitStatus {
  const { receivedAt: _receivedAt, ...status } = event;
  return status;
}

