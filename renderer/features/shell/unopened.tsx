import { useEffect } from 'react';
import type { QueueItem } from '../../../electron/contract';

export const TITLE = 'ALPR Hit Console';

/** Hits in the queue nobody has opened yet. */
export function unopenedCount(items: readonly QueueItem[] | null): number {
  return items?.filter((i) => i.status === 'new').length ?? 0;
}

/** The count in the window title (and so on the taskbar), on every screen that knows it. */
export function useUnopenedTitle(unopened: number): void {
  useEffect(() => {
    document.title = unopened > 0 ? `(${unopened}) ${TITLE}` : TITLE;
  }, [unopened]);
}

/** The "N new" badge on the bar's Hit queue button. */
export function UnopenedBadge({ count }: { count: number }) {
  return count > 0 ? <span className="count-badge">{count} new</span> : null;
}
