import { waitsUnopened, type QueueItem } from '../../../electron/contract';

/**
 * Hits in the queue nobody has opened yet, less those whose officer entry was withdrawn: they
 * alert no one (the core does not escalate them either), and 23 of them after one removal made
 * "43 not yet opened" of 20 live hits.
 */
export function unopenedCount(items: readonly QueueItem[] | null): number {
  return items?.filter(waitsUnopened).length ?? 0;
}
