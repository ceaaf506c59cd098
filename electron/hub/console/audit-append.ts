/**
 * `audit:append`: the console's outbox forwards its audit records here until the hub has
 * acknowledged each id. The hub is the agency's upstream copy, so records are kept exactly as
 * sent, and a record sent twice (the ack was lost) is kept once; a record that forks the
 * workstation's chain is refused (store.appendAudit).
 */
import { z } from 'zod';
import type { ConsoleEvent } from './events';

const MAX_RECORDS_PER_APPEND = 10_000;

const recordsSchema = z
  .array(
    z
      .object({ id: z.string().min(1).max(200), seq: z.number().int().min(1).optional(), prevHash: z.string().max(128).optional(), workstationId: z.string().min(1).max(64) })
      .passthrough(),
  )
  .max(MAX_RECORDS_PER_APPEND);

export const auditAppend: ConsoleEvent = {
  name: 'audit:append',
  failure: (error) => ({ acked: [], error }),
  async handle(ctx, payload) {
    const parsed = recordsSchema.safeParse(payload);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first?.path.length ? `${first.path.join('.')}: ` : '';
      return { acked: [], error: `malformed audit records: ${where}${first?.message ?? 'invalid'}` };
    }
    const foreign = parsed.data.find((r) => r.workstationId !== ctx.workstation);
    if (foreign) {
      return {
        acked: [],
        error: `record ${foreign.id} belongs to workstation ${foreign.workstationId}, not ${ctx.workstation}`,
      };
    }
    const { acked, fork } = await ctx.store.appendAudit(
      ctx.workstation,
      parsed.data.map((r) => ({ id: r.id, prevHash: r.prevHash, json: JSON.stringify(r) })),
      new Date().toISOString(),
    );
    // A hold placed or released on a console holds every console's copies: each is told.
    const ackedIds = new Set(acked);
    const holdRecords = parsed.data.filter((r) => ackedIds.has(r.id) && typeof r.action === 'string' && r.action.startsWith('records.hold-'));
    if (await ctx.services.holds.stored(holdRecords.map((r) => JSON.stringify(r)))) {
      ctx.broadcast('holds:changed', { holds: await ctx.services.holds.list(), released: await ctx.services.holds.released() });
    }
    if (fork) {
      // Two chains from one record under one workstation name: a copied data folder, or one
      // restored from a backup the hub has records beyond. Kept out, loudly, at both ends (the
      // console's outbox keeps them and its backlog alarms).
      const seq = parsed.data.find((r) => r.id === fork.id)?.seq;
      const error = `record ${fork.id}${seq ? ` (${seq})` : ''} forks ${ctx.workstation}'s audit chain: the hub already holds ${fork.heldId} after the same record. Two consoles write as ${ctx.workstation} (a copied data folder, or one restored from a backup): give this one its own workstation id. Nothing from this record on is kept`;
      ctx.log(`audit:append refused: ${error}`);
      return { acked, error };
    }
    return { acked };
  },
};
