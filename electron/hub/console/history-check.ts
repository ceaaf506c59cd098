/**
 * Whether a connecting console followed this hub's history. Its lastSeq names the last hit it
 * stored, and lastHit the newest it still holds; if this hub has not reached lastSeq, or its
 * hit at lastHit's number has another id, the console's numbers belong to another history:
 * the hub was restored from an older copy (and has since numbered new hits with numbers the
 * console already holds), or another hub answers at the same address. Trusting lastSeq then
 * would skip every hit between this hub's real position and the console's, silently: the
 * console would never see them.
 */
import type { HubResync } from '../../contract/hub';
import type { HubStore } from '../store';

export async function historyCheck(
  store: Pick<HubStore, 'lastSeq' | 'hitIdAt' | 'deliveredUpTo'>,
  workstation: string,
  lastSeq: number,
  lastHit: { seq: number; id: string } | undefined,
): Promise<HubResync | null> {
  if (lastSeq === 0) return null;
  const hubNewest = await store.lastSeq();
  let foreign = lastSeq > hubNewest;
  if (!foreign && lastHit !== undefined) {
    const here = await store.hitIdAt(lastHit.seq);
    // A hit purged here (null) proves nothing either way: lastSeq stands.
    foreign = here !== null && here !== lastHit.id;
  }
  if (!foreign) return null;
  // What this hub's own records say the workstation acknowledged is from the same history as
  // its hits: every hit after it is sent again, and the console drops the ones it has by id.
  const resumeAfter = Math.min(await store.deliveredUpTo(workstation), hubNewest);
  return { resumeAfter, hubNewest, consoleSeq: lastSeq };
}
