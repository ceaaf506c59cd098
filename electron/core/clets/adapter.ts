/**
 * Sending a vehicle query. The hub switch (`clets:query`) answers at once; the manual adapter
 * has nothing to send (the dispatcher runs the message on a separate CLETS terminal and types
 * or pastes the return), so only the switch lives here. Whatever the switch says is checked
 * before it counts: a malformed acknowledgement, a return for another plate, or a text that
 * contradicts its own status is refused as a garbled return.
 */
import { cletsQueryAckSchema, type CletsResponse } from '../../contract/hub';
import { HubRequestError, type HubClient } from '../hub-client/client';
import type { QueryFields } from './compose';
import { parseCletsReturn } from './parse';

export class CletsError extends Error {
  override name = 'CletsError';
}

const CLETS_TIMEOUT_MS = 10_000;

export async function queryHubSwitch(hub: HubClient, message: string, query: QueryFields): Promise<CletsResponse> {
  let ack;
  try {
    ack = await hub.request('clets:query', { message }, cletsQueryAckSchema, CLETS_TIMEOUT_MS);
  } catch (err) {
    if (err instanceof HubRequestError) {
      throw new CletsError(
        err.reason === 'malformed'
          ? 'the CLETS switch sent back a garbled return'
          : err.reason === 'timeout'
            ? `the CLETS switch did not answer within ${CLETS_TIMEOUT_MS / 1000} s`
            : 'the hub (and its CLETS switch) is not reachable',
      );
    }
    throw err;
  }
  if (!ack.ok) throw new CletsError(`the CLETS switch refused the query: ${ack.error}`);
  const { response } = ack;
  const reread = parseCletsReturn(response.text, query);
  if (!reread.ok) throw new CletsError(`the CLETS switch sent back a garbled return (${reread.error})`);
  if (reread.status !== response.status || response.fields.plate !== query.plate) {
    throw new CletsError(`the CLETS switch's return contradicts itself (${response.status} for ${response.fields.plate})`);
  }
  return response;
}
