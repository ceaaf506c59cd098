/**
 * `reads:search`: exact and partial plates (`?` one character, `*` any run) over every read
 * the hub holds, newest first, at most READ_SEARCH_MAX_RESULTS. Purpose and case number are
 * required by the schema; every search that passes validation is logged in `read_searches`
 * (who, what, why, how many), also one refused because the read history is still loading.
 */
import { READ_SEARCH_MAX_RESULTS, readSearchSchema, type ReadSearchAck } from '../../contract/hub';
import { parsePayload, refuse } from './ack';
import type { ConsoleEvent } from './events';

export const readsSearch: ConsoleEvent = {
  name: 'reads:search',
  async handle(ctx, payload): Promise<ReadSearchAck> {
    const p = parsePayload('reads:search', readSearchSchema, payload);
    if (!p.ok) return p.ack;
    const q = p.data;
    const narrowed = [q.cameraId && `camera ${q.cameraId}`, q.from && `from ${q.from}`, q.to && `to ${q.to}`, q.offset && `offset ${q.offset}`]
      .filter(Boolean)
      .join(', ');
    const log = (total: number | null, outcome: string) =>
      ctx.store.logSearch({
        workstation: ctx.workstation,
        user: q.user,
        pattern: narrowed ? `${q.pattern} (${narrowed})` : q.pattern,
        state: q.state ?? null,
        purpose: q.purpose,
        caseNumber: q.caseNumber,
        searchedAt: ctx.now().toISOString(),
        total,
        outcome,
      });
    const available = ctx.services.reads.availability();
    if (!available.ok) {
      await log(null, `refused: ${available.error}`);
      return { ...refuse(available.error), ...(available.retryAfterMs ? { retryAfterMs: available.retryAfterMs } : {}) };
    }
    const answer = await ctx.services.reads.search(
      q.pattern,
      {
        state: q.state ?? null,
        cameraId: q.cameraId ?? null,
        from: q.from ? Date.parse(q.from) : null,
        to: q.to ? Date.parse(q.to) : null,
      },
      q.limit ?? READ_SEARCH_MAX_RESULTS,
      q.offset ?? 0,
    );
    await log(answer.total, 'answered');
    return { ok: true, ...answer };
  },
};
