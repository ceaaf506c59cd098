/**
 * `audit:held`: which of the asking workstation's audit records (by number, in its current
 * chain) the hub lacks. A console asks on every connection about the records the hub once
 * acknowledged; a hub restored from an older backup has lost some, and they come again.
 */
import { AUDIT_HELD_MAX_RANGES, auditHeldSchema, type AuditHeldAck } from '../../contract/hub';
import { parsePayload } from './ack';
import type { ConsoleEvent } from './events';

export const auditHeld: ConsoleEvent = {
  name: 'audit:held',
  async handle(ctx, payload): Promise<AuditHeldAck> {
    const p = parsePayload('audit:held', auditHeldSchema, payload);
    if (!p.ok) return p.ack;
    const { chainStart, from, through } = p.data;
    const result = await ctx.store.auditHeld(ctx.workstation, chainStart, from, through, AUDIT_HELD_MAX_RANGES);
    if (result.missing.length > 0) {
      const lacking = result.missing.reduce((n, [first, last]) => n + last - first + 1, 0);
      ctx.log(`hub: ${ctx.workstation} asked about its audit records ${from}-${through}: ${lacking}${result.more ? ' or more' : ''} of them are not here`);
    }
    return { ok: true, ...result };
  },
};
