/**
 * `hotlist:add`: an officer's entry, possibly a partial plate with wildcards (Lodi 431.3(c)),
 * with an expiry. Kept with who entered it, announced to every console as `hotlist:updated`,
 * and checked against the reads the hub already holds: the acknowledgement says how many
 * match (`reads:search` with the same pattern lists them). An entry sent again with the same
 * id by the same console is acknowledged again, not added twice.
 */
import crypto from 'node:crypto';
import { hotlistAddSchema, type HotlistAddAck, type HotlistEntryWire } from '../../contract/hub';
import { parsePayload, refuse } from './ack';
import type { ConsoleEvent } from './events';

export const hotlistAdd: ConsoleEvent = {
  name: 'hotlist:add',
  async handle(ctx, payload): Promise<HotlistAddAck> {
    const p = parsePayload('hotlist:add', hotlistAddSchema, payload);
    if (!p.ok) return p.ack;
    const { entry: input, user } = p.data;
    const now = ctx.now();
    if (Date.parse(input.expiresAt) <= now.getTime()) {
      return refuse(`invalid hotlist:add: entry.expiresAt: ${input.expiresAt} has passed; an entry expires in the future`);
    }
    const at = now.toISOString();
    const { id: clientId, ...fields } = input;
    const entry: HotlistEntryWire = {
      id: clientId ?? `LOC-${crypto.randomUUID()}`,
      source: 'console',
      ...fields,
      listUpdatedAt: at,
      cleared: false,
      enteredBy: { user, workstationId: ctx.workstation, at },
    };
    const result = await ctx.store.addHotlistEntry(entry);
    if (!result.created && (result.entry.source !== 'console' || result.entry.enteredBy?.workstationId !== ctx.workstation)) {
      return refuse(`invalid hotlist:add: entry.id: ${entry.id} is already the id of another hotlist entry`);
    }
    if (result.created) {
      ctx.broadcast('hotlist:updated', { entry: result.entry });
      ctx.log(`hub: ${user.username} at ${ctx.workstation} added hotlist entry ${entry.id} (${entry.plate})`);
    }
    const matchedReads = await ctx.services.reads.count(result.entry.plate, result.entry.state ?? null);
    return { ok: true, id: result.entry.id, matchedReads };
  },
};
