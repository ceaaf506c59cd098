import { isEnded, type QueueItem } from '../../../electron/contract';
import { PRIORITY_RANK } from '../../../electron/contract/hub';

/**
 * The core's queue order: hits whose officer entry was withdrawn last (they only wait to be
 * ended); then priority (high, medium, low); within it live hits before retroactive ones (an
 * old read matched by a new entry: the car is long gone); then oldest read first.
 */
export function compareQueueItems(a: QueueItem, b: QueueItem): number {
  return (
    Number(a.withdrawn !== undefined) - Number(b.withdrawn !== undefined) ||
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    Number(a.retroactive === true) - Number(b.retroactive === true) ||
    Date.parse(a.capturedAt) - Date.parse(b.capturedAt) ||
    a.seq - b.seq
  );
}

/**
 * Replaces an item in place, or inserts it where the core would have put it; an ended hit
 * (disposed, misread, stale list) leaves the list. The rest keeps the order the core gave it.
 */
export function upsertQueueItem(items: readonly QueueItem[], item: QueueItem): QueueItem[] {
  if (isEnded(item.status)) return items.filter((i) => i.id !== item.id);
  const at = items.findIndex((i) => i.id === item.id);
  if (at >= 0 && items[at]!.priority === item.priority && (items[at]!.withdrawn === undefined) === (item.withdrawn === undefined)) {
    const next = items.slice();
    next[at] = item;
    return next;
  }
  const rest = at >= 0 ? items.filter((i) => i.id !== item.id) : items.slice();
  const before = rest.findIndex((i) => compareQueueItems(i, item) > 0);
  rest.splice(before === -1 ? rest.length : before, 0, item);
  return rest;
}
