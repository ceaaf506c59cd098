/**
 * `holds:list` `{}`: every legal hold in force at the agency (holds.ts), so that a console keeps
 * its copies of held hits past retention whichever console placed the hold.
 */
import { MAX_AGENCY_HOLDS, holdsListSchema, type HoldsListAck } from '../../contract/hub';
import { parsePayload, refuse } from './ack';
import type { ConsoleEvent } from './events';

export const holdsList: ConsoleEvent = {
  name: 'holds:list',
  async handle(ctx, payload): Promise<HoldsListAck> {
    const p = parsePayload('holds:list', holdsListSchema, payload);
    if (!p.ok) return p.ack;
    const holds = await ctx.services.holds.list();
    if (holds.length > MAX_AGENCY_HOLDS) return refuse(`${holds.length} holds are in force, more than one answer carries (${MAX_AGENCY_HOLDS})`);
    return { ok: true, holds, released: await ctx.services.holds.released() };
  },
};
