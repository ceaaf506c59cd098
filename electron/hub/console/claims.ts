/**
 * One console per hit. `hit:claim` is first come, first served: the claim is an insert on the
 * claims table's primary key that does nothing when the hit is already claimed, so of two
 * consoles racing for a hit exactly one wins, on one hub node or several. `hit:release` frees
 * it (holder only); `hit:takeover` moves it to a supervisor, recorded with the reason. Every
 * change goes to every console as `hit:status` (`claimed`, `released`, `taken-over`) and into
 * the hit's timeline. Claims of a console gone longer than claimReleaseAfterMs are released by
 * server.ts.
 */
import {
  hitClaimSchema,
  hitReleaseSchema,
  hitTakeoverSchema,
  type ClaimHolder,
  type HitClaimAck,
  type HitReleaseAck,
  type HitTakeoverAck,
} from '../../contract/hub';
import { parsePayload, refuse, statusOf } from './ack';
import type { ConsoleContext, ConsoleEvent } from './events';

function describeHolder(h: ClaimHolder): string {
  return `${h.user.displayName} (${h.user.username}) at ${h.workstationId}`;
}

async function unknownHit(ctx: ConsoleContext, hitId: string) {
  return (await ctx.store.hitExists(hitId)) ? null : refuse(`no hit ${hitId} at this hub`);
}

export const hitClaim: ConsoleEvent = {
  name: 'hit:claim',
  async handle(ctx, payload): Promise<HitClaimAck> {
    const p = parsePayload('hit:claim', hitClaimSchema, payload);
    if (!p.ok) return p.ack;
    const { hitId, user } = p.data;
    const missing = await unknownHit(ctx, hitId);
    if (missing) return missing;
    const result = await ctx.store.claimHit(hitId, { user, workstationId: ctx.workstation, at: ctx.now().toISOString() });
    if (result.event) ctx.broadcast('hit:status', statusOf(result.event));
    return result.won ? { ok: true, claimedBy: result.holder } : { ok: false, claimedBy: result.holder };
  },
};

export const hitRelease: ConsoleEvent = {
  name: 'hit:release',
  async handle(ctx, payload): Promise<HitReleaseAck> {
    const p = parsePayload('hit:release', hitReleaseSchema, payload);
    if (!p.ok) return p.ack;
    const { hitId, user } = p.data;
    const missing = await unknownHit(ctx, hitId);
    if (missing) return missing;
    const result = await ctx.store.releaseHit(hitId, ctx.workstation, user, ctx.now().toISOString());
    if (result.holder) {
      return refuse(`hit ${hitId} is held by ${describeHolder(result.holder)}; only that console can release it`);
    }
    if (result.event) ctx.broadcast('hit:status', statusOf(result.event));
    return { ok: true, released: result.event !== null };
  },
};

export const hitTakeover: ConsoleEvent = {
  name: 'hit:takeover',
  async handle(ctx, payload): Promise<HitTakeoverAck> {
    const p = parsePayload('hit:takeover', hitTakeoverSchema, payload);
    if (!p.ok) return p.ack;
    const { hitId, reason, user } = p.data;
    const missing = await unknownHit(ctx, hitId);
    if (missing) return missing;
    const holder: ClaimHolder = {
      user: { username: user.username, displayName: user.displayName },
      workstationId: ctx.workstation,
      at: ctx.now().toISOString(),
    };
    const result = await ctx.store.takeOverHit(hitId, holder, `${reason} (${user.role})`);
    if (result.event) {
      ctx.broadcast('hit:status', statusOf(result.event));
      const from = result.previous ? ` from ${describeHolder(result.previous)}` : '';
      ctx.log(`hub: ${describeHolder(holder)} took over hit ${hitId}${from} as ${user.role}: ${reason}`);
    }
    return { ok: true, claimedBy: result.holder, ...(result.previous ? { previous: result.previous } : {}) };
  },
};
