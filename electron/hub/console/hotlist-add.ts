/**
 * `hotlist:add`: an officer's entry, possibly a partial plate with wildcards (Lodi 431.3(c)),
 * with an expiry. Kept with who entered it (notes encrypted), announced to every console as
 * `hotlist:updated`, matched against new reads from now on (../officer-hits.ts), and checked
 * against the reads the hub already holds: the acknowledgement says how many match and how
 * many retroactive hits follow (the newest within retention, at most RETROACTIVE_HITS_MAX).
 * An entry sent again with the same id by the same console is acknowledged again, not added
 * (or raised) twice.
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
    const held = await ctx.services.officerHits.retroactiveReads(result.entry, now);
    // Raising renders images: after the acknowledgement, one hit at a time; written down first,
    // so a hub stopped before it is done raises the rest when it starts again.
    if (held.length) await ctx.services.officerHits.raiseLater([{ entry: result.entry, reads: held, retroactive: true }]);
    return { ok: true, id: result.entry.id, matchedReads, retroactiveHits: held.length };
  },
};
