import { useEffect, useState } from 'react';
import type { HubState } from '../../../electron/contract';
import { call, on } from '../../api';

/** The core's link to the hub, fetched once and then kept live from `hub:state` events. */
export function useHubState(epoch: number): HubState | null {
  const [hub, setHub] = useState<HubState | null>(null);
  useEffect(() => {
    let cancelled = false;
    let heard = false;
    const off = on('hub:state', (state) => {
      heard = true;
      setHub(state);
    });
    call('hub:status', {}).then(
      (state) => {
        // An event that overtook the answer is newer than it.
        if (!cancelled && !heard) setHub(state);
      },
      (err: unknown) => {
        if (cancelled || heard) return;
        const message = err instanceof Error ? err.message : String(err);
        setHub({ state: 'offline', since: new Date().toISOString(), url: null, training: false, lastError: message, lastSeq: 0 });
      },
    );
    return () => {
      cancelled = true;
      off();
    };
  }, [epoch]);
  return hub;
}
