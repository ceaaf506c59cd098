/**
 * `audit:append`: the console's outbox forwards its audit records here until the hub has
 * acknowledged each id. The hub is the agency's upstream copy, so records are kept exactly as
 * sent, and a record sent twice (the ack was lost) is kept once.
 */
import { z } from 'zod';
import type { ConsoleEvent } from './events';

const MAX_RECORDS_PER_APPEND = 10_000;

const recordsSchema = z
  .array(
    z
      .object({ id: z.string().min(1).max(200), workstationId: z.string().min(1).max(64) })
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
    const acked = await ctx.store.appendAudit(
      ctx.workstation,
      parsed.data.map((r) => ({ id: r.id, json: JSON.stringify(r) })),
      new Date().toISOString(),
    );
    return { acked };
  },
};
