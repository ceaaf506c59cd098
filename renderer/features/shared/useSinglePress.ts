import { useMemo, useRef } from 'react';
import { NO_PRESS, pressedAgain, pressNow, type Press } from '../../lib/bounce';

export interface SinglePress {
  /** Starts an action for this press; false when one runs or this is the last press again. */
  start(): boolean;
  /** The action succeeded (a press just after it, with nothing entered, is the same press). */
  succeeded(): void;
  /** The action ended, either way. */
  end(): void;
}

/**
 * One action per press of a form: a second Enter while the first runs would do it twice, and
 * one just after it succeeded would send the form it emptied (see `pressedAgain`).
 */
export function useSinglePress(): SinglePress {
  const running = useRef(false);
  const on = useRef<Element | null>(null);
  const last = useRef<Press>(NO_PRESS);
  return useMemo(
    () => ({
      start() {
        if (running.current || pressedAgain(last.current)) return false;
        running.current = true;
        on.current = pressNow().on;
        return true;
      },
      succeeded() {
        last.current = { doneAt: performance.now(), on: on.current };
      },
      end() {
        running.current = false;
      },
    }),
    [],
  );
}
