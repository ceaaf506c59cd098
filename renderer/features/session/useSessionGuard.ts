import { useCallback, useEffect, useRef, useState } from 'react';
import type { Clearance } from '../../../electron/contract';
import { call, on } from '../../api';

/** How often, at most, input is reported to the core as activity (it measures inactivity). */
const ACTIVITY_EVERY_MS = 20_000;

export interface GuardState {
  locked: boolean;
  clearance: Clearance | null;
  refresh(): void;
  lock(): void;
  setLocked(locked: boolean): void;
}

/**
 * The session's lock state and clearance, as the core says (session:current, session:locked).
 * Reports input as activity, and locks on Ctrl+L.
 */
export function useSessionGuard(epoch: number): GuardState {
  const [locked, setLocked] = useState(false);
  const [clearance, setClearance] = useState<Clearance | null>(null);
  const last = useRef(0);

  const refresh = useCallback(() => {
    call('session:current', {}).then(
      (s) => {
        setLocked(s.locked);
        setClearance(s.clearance);
      },
      () => {},
    );
  }, []);
  useEffect(refresh, [refresh, epoch]);
  useEffect(() => on('session:locked', () => setLocked(true)), []);

  const lock = useCallback(() => {
    setLocked(true);
    call('session:lock', {}).catch(() => {});
  }, []);

  useEffect(() => {
    const onInput = (e: Event) => {
      if (e instanceof KeyboardEvent && e.ctrlKey && !e.altKey && !e.metaKey && (e.key === 'l' || e.key === 'L')) {
        e.preventDefault();
        lock();
        return;
      }
      const now = Date.now();
      if (now - last.current < ACTIVITY_EVERY_MS) return;
      last.current = now;
      call('session:activity', {}).catch(() => {});
    };
    document.addEventListener('keydown', onInput, true);
    document.addEventListener('pointerdown', onInput, true);
    return () => {
      document.removeEventListener('keydown', onInput, true);
      document.removeEventListener('pointerdown', onInput, true);
    };
  }, [lock]);

  return { locked, clearance, refresh, lock, setLocked };
}
