/**
 * `hit:escalate`: a console's timer found a hit nobody opened in time; the hub passes the
 * escalation to every console (the sender included), so supervisors at other consoles hear
 * of it. The timers are the consoles'; the hub only relays, stamping the time if none came.
 */
import { hitEscalateSchema, type HitEscalate } from '../../contract/hub';
import { parsePayload, refuse } from './ack';
import type { ConsoleEvent } from './events';

export const hitEscalate: ConsoleEvent = {
  name: 'hit:escalate',
  async handle(ctx, payload) {
    const p = parsePayload('hit:escalate', hitEscalateSchema, payload);
    if (!p.ok) return p.ack;
    if (!(await ctx.store.hitExists(p.data.hitId))) return refuse(`no hit ${p.data.hitId} at this hub`);
    const escalation: HitEscalate = { ...p.data, at: p.data.at ?? ctx.now().toISOString() };
    ctx.broadcast('hit:escalate', escalation);
    return { ok: true };
  },
};
