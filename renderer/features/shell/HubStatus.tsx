import type { HubState } from '../../../electron/contract';
import { formatClock } from '../../lib/time';

interface Props {
  hub: HubState | null;
  /** False when this page has lost its own link to the core: the hub state shown is stale. */
  linkUp: boolean;
}

function statusText(hub: HubState | null, linkUp: boolean): string {
  if (!linkUp) return 'Unknown — console link lost';
  if (hub === null) return 'Checking…';
  switch (hub.state) {
    case 'connected':
      return 'Connected';
    case 'connecting':
      return 'Connecting…';
    case 'reconnecting':
      return 'Reconnecting…';
    case 'offline':
      return `Offline since ${formatClock(hub.since)}`;
  }
}

export function HubStatus({ hub, linkUp }: Props) {
  const tone = !linkUp || hub === null ? 'unknown' : hub.state;
  const error = linkUp && hub?.state !== 'connected' ? hub?.lastError : null;
  return (
    <div className={`hub hub--${tone}`}>
      <span className="hub__dot" aria-hidden="true" />
      <span className="hub__label" aria-hidden="true">
        Hub
      </span>
      <span
        className="hub__state"
        role="status"
        aria-label="Hub connection"
        aria-describedby={error ? 'hub-last-error' : undefined}
      >
        <span>{statusText(hub, linkUp)}</span>
      </span>
      {error && (
        <span className="hub__error" id="hub-last-error" title={error}>
          Last error: {error}
        </span>
      )}
    </div>
  );
}
