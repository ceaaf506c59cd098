import { useEffect } from 'react';

export const TITLE = 'ALPR Hit Console';

export { unopenedCount } from './unopened-count';

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
