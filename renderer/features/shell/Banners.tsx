import type { HubState } from '../../../electron/contract';
import type { LinkState } from '../../api';
import { useNow } from '../../lib/clock';
import { formatClock } from '../../lib/time';

/** A hub link still "reconnecting" after this long is treated as an outage: hits are not arriving. */
const RECONNECTING_IS_OUTAGE_AFTER_MS = 15_000;

export function TrainingBanner() {
  return <p className="banner banner--training">TRAINING — simulated hits, not real data</p>;
}

/** Hits cannot be stored on this workstation (disk full): they wait at the hub. */
export function StorageBanner({ hub }: { hub: HubState }) {
  if (!hub.storageError) return null;
  return (
    <p className="banner banner--offline" role="alert">
      DISK FULL: hits are held at the hub until space is freed on this workstation — lookups that
      cannot be logged are refused ({hub.storageError})
    </p>
  );
}

export function HubOfflineBanner({ hub }: { hub: HubState }) {
  const now = useNow();
  // The link is down on purpose while nothing can be stored: say why, not "hub offline".
  if (hub.storageError) return <StorageBanner hub={hub} />;
  const since = Date.parse(hub.since);
  const down =
    hub.state === 'offline' ||
    (hub.state !== 'connected' && now - since >= RECONNECTING_IS_OUTAGE_AFTER_MS);
  if (!down) return null;
  return (
    <p className="banner banner--offline" role="alert">
      HUB OFFLINE since {formatClock(since)} — new hits are not arriving
      {hub.state !== 'offline' && ' (still trying to reconnect)'}
    </p>
  );
}

/** This page's own link to the core (headless mode only; IPC does not drop). */
export function LinkBanner({ link }: { link: LinkState }) {
  let text: string;
  switch (link.state) {
    case 'connected':
      return null;
    case 'connecting':
      if (link.error === null) return null;
      text = `CANNOT REACH THE CONSOLE (${link.error}) — retrying…`;
      break;
    case 'reconnecting':
      text = `CONSOLE LINK LOST since ${formatClock(link.since)} — this page is not receiving hits; reconnecting…`;
      break;
    case 'refused':
      text = `CONSOLE REFUSED THIS PAGE — ${link.error ?? 'no reason given'}`;
      break;
  }
  return (
    <p className="banner banner--offline" role="alert">
      {text}
    </p>
  );
}
