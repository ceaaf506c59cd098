/**
 * `hotlist:remove`: an officer's entry taken off the list (found, entered in error, no longer
 * needed) with who, where, when and why; it matches no new read from then on. Only entries
 * entered from consoles can be removed; removing one twice answers the first removal.
 * `hotlist:list`: the officers' entries in force (not removed, not expired), newest first.
 */
import {
  hotlistListSchema,
  hotlistRemoveSchema,
  type HotlistListAck,
  type HotlistRemoveAck,
} from '../../contract/hub';
import { parsePayload, refuse } from './ack';
import type { ConsoleEvent } from './events';

export const hotlistRemove: ConsoleEvent = {
  name: 'hotlist:remove',
  async handle(ctx, payload): Promise<HotlistRemoveAck> {
    const p = parsePayload('hotlist:remove', hotlistRemoveSchema, payload);
    if (!p.ok) return p.ack;
    const { id, reason, user } = p.data;
    const at = ctx.now().toISOString();
    const entry = await ctx.store.removeHotlistEntry(id, { user, workstationId: ctx.workstation, at, reason });
    if (!entry) return refuse(`invalid hotlist:remove: id: no officer's hotlist entry ${id}`);
    if (entry.removed?.at === at && entry.removed.workstationId === ctx.workstation) {
      ctx.broadcast('hotlist:updated', { entry });
      ctx.log(`hub: ${user.username} at ${ctx.workstation} removed hotlist entry ${id}`);
    }
    return { ok: true, entry };
  },
};

export const hotlistList: ConsoleEvent = {
  name: 'hotlist:list',
  async handle(ctx, payload): Promise<HotlistListAck> {
    const p = parsePayload('hotlist:list', hotlistListSchema, payload ?? {});
    if (!p.ok) return p.ack;
    return { ok: true, entries: await ctx.store.activeOfficerEntries(ctx.now().toISOString()) };
  },
};
