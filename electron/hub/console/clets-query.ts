/**
 * `clets:query`: the hub as the CLETS message switch (../clets.ts). The query text is parsed
 * with the contract's `parseVehicleQuery`; a malformed query is refused with the reason. With
 * HubOptions.cletsFault the switch misbehaves on purpose: `garbage` answers noise that fits
 * no schema, `timeout` never answers.
 */
import { cletsQuerySchema, parseVehicleQuery, type CletsQueryAck } from '../../contract/hub';
import { answerVehicleQuery, garbageAnswer } from '../clets';
import { NO_ANSWER, parsePayload, refuse } from './ack';
import type { ConsoleEvent } from './events';

export const cletsQuery: ConsoleEvent = {
  name: 'clets:query',
  async handle(ctx, payload): Promise<CletsQueryAck | unknown> {
    const p = parsePayload('clets:query', cletsQuerySchema, payload);
    if (!p.ok) return p.ack;
    const parsed = parseVehicleQuery(p.data.message);
    if (!parsed.ok) return refuse(`invalid clets:query: message: ${parsed.error}`);
    const fault = ctx.services.cletsFault;
    if (fault === 'timeout') {
      ctx.log(`hub: clets:query from ${ctx.workstation} left unanswered (cletsFault timeout)`);
      return NO_ANSWER;
    }
    if (fault === 'garbage') return garbageAnswer(p.data.message);
    return { ok: true, response: await answerVehicleQuery(ctx.store, parsed.query, ctx.now()) };
  },
};
