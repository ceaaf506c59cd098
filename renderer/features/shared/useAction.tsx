import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../api';
import { formErrors, plainIssue } from '../session/field-errors';
import { useSinglePress } from './useSinglePress';

/**
 * What went wrong, as one line for a form that has no field of its own to put it next to: the
 * core's message and its details (`field: problem`), or the error's own message. Refused input
 * reads "Please check: Username: ... Display name: ...", each field once, in plain words.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError && err.code === 'invalid-input' && err.details.length > 0) {
    const byField = new Map<string, string[]>();
    for (const line of err.details) {
      const plain = plainIssue(line);
      const label = plain?.label ?? '';
      byField.set(label, [...(byField.get(label) ?? []), plain?.text ?? line]);
    }
    const parts = [...byField].map(([field, texts]) => `${field ? `${field}: ` : ''}${texts.join('; ')}.`);
    return `Please check: ${parts.join(' ')}`;
  }
  return formErrors(err, []).general.join(' ');
}

export interface ActionOptions {
  /** The status line's class: each screen's CSS hides it while it is empty. */
  doneClass: string;
  /** Runs after the action succeeds (reload what it changed). */
  onDone?: () => void;
  /** Runs after every attempt, success or failure (reload, so a refused edit shows what is stored). */
  onSettled?: () => void;
}

/**
 * A form's action with its own error/status line, so each action says what happened: an alert
 * on failure, a status line on success. `run(work)` clears both lines, runs `work` and shows the
 * line it returns; on failure it shows `explain(err)` (by default `errorMessage`); while one runs,
 * and just after one succeeded with nothing entered since, another `run` is ignored (a double
 * press). `fail(text)`
 * shows an error that did not come from an action (a load that failed).
 */
export function useAction({ doneClass, onDone, onSettled }: ActionOptions) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const errorLine = useRef<HTMLParagraphElement>(null);
  const doneLine = useRef<HTMLParagraphElement>(null);
  // The control that ran the action is often gone afterwards (a form that closes, a row that
  // changes once the reload after it comes back): rather than leave the focus on the page, put
  // it on the line saying what happened. Watched for a moment, as the reload takes its time.
  useEffect(() => {
    const line = error ? errorLine.current : done ? doneLine.current : null;
    if (!line) return;
    const lost = () => document.activeElement === null || document.activeElement === document.body;
    const check = () => {
      if (!lost()) return false;
      line.focus();
      return true;
    };
    if (check()) return;
    const started = performance.now();
    const timer = setInterval(() => {
      if (check() || performance.now() - started > 2000) clearInterval(timer);
    }, 100);
    return () => clearInterval(timer);
  }, [error, done]);
  const press = useSinglePress();
  const run = useCallback(
    async (work: () => Promise<string>, explain: (err: unknown) => string = errorMessage) => {
      if (!press.start()) return;
      setError(null);
      setDone(null);
      try {
        setDone(await work());
        press.succeeded();
        onDone?.();
      } catch (err) {
        setError(explain(err));
      } finally {
        press.end();
      }
      onSettled?.();
    },
    [onDone, onSettled, press],
  );
  const lines: ReactNode = (
    <>
      <p ref={errorLine} tabIndex={-1} className="form-error" role="alert">
        {error}
      </p>
      <p ref={doneLine} tabIndex={-1} className={doneClass} role="status">
        {done}
      </p>
    </>
  );
  return { run, lines, fail: setError };
}
