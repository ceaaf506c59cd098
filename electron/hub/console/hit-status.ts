/**
 * `hit:status`: the console reports each workflow step; the hub keeps it in the hit's timeline
 * (`GET /hits/:id/events`) with the time it received it, and passes it to every console. A
 * report for a hit another console holds is refused: that console works it. A report sent
 * twice (lost ack) is kept and passed on once.
 */
import { hitStatusReportSchema, type HitEvent } from '../../contract/hub';
import { parsePayload, refuse, statusOf } from './ack';
import type { ConsoleEvent } from './events';

export const hitStatus: ConsoleEvent = {
  name: 'hit:status',
  async handle(ctx, payload) {
    const p = parsePayload('hit:status', hitStatusReportSchema, payload);
    if (!p.ok) return p.ack;
    const report = p.data;
    if (!(await ctx.store.hitExists(report.hitId))) return refuse(`no hit ${report.hitId} at this hub`);
    const holder = await ctx.store.claimOf(report.hitId);
    if (holder && holder.workstationId !== ctx.workstation) {
      return refuse(
        `hit ${report.hitId} is being handled by ${holder.user.displayName} at ${holder.workstationId}; this console cannot report its steps`,
      );
    }
    const event: HitEvent = {
      hitId: report.hitId,
      step: report.step,
      ...(report.outcome === undefined ? {} : { outcome: report.outcome }),
      ...(report.detail === undefined ? {} : { detail: report.detail }),
      user: report.user,
      workstationId: ctx.workstation,
      at: report.at,
      receivedAt: ctx.now().toISOString(),
    };
    if (await ctx.store.addHitEvent(event)) ctx.broadcast('hit:status', statusOf(event));
    return { ok: true };
  },
};
