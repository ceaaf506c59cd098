import { useNow } from '../../lib/clock';
import { formatAge } from '../../lib/time';

/** A live "2m 05s" since `since`, ticking once a second. */
export function Age({ since }: { since: string }) {
  const now = useNow();
  return <>{formatAge(now - Date.parse(since))}</>;
}
