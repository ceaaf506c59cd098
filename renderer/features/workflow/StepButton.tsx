import { useRef, type MouseEvent, type Ref } from 'react';
import type { StepKey } from './keys';
import { KEY_BOUNCE_MS } from '../../lib/bounce';

interface Props {
  label: string;
  shortcut: StepKey;
  /** Left out for a form's submit button: the form's submit does the work. */
  onClick?(): void;
  primary?: boolean;
  disabled?: boolean;
  buttonRef?: Ref<HTMLButtonElement>;
  type?: 'button' | 'submit';
}

/**
 * When the user last pressed Tab: a button focused by Tab was chosen, so Enter on it at once
 * is a decision, not the bounce of the key that took the last step (which moves the focus by
 * itself). Tab then Enter was ignored for 0.7 s, silently.
 */
let lastTabAt = Number.NEGATIVE_INFINITY;
if (typeof document !== 'undefined') {
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Tab') lastTabAt = performance.now();
  }, true);
}

/**
 * A workflow step's button. The key is shown on the button but kept out of its accessible
 * name ("Confirm plate", not "Confirm plate C"); `aria-keyshortcuts` announces it instead.
 */
export function StepButton({ label, shortcut, onClick, primary, disabled, buttonRef, type = 'button' }: Props) {
  const focusedAt = useRef(0);
  const click = (e: MouseEvent<HTMLButtonElement>) => {
    // detail 0: activated from the keyboard, not by a pointer. Enter or Space this soon after
    // the button took the focus (the next step's button takes it as a step is done) is the
    // previous key pressed twice or held, not a decision to broadcast or query.
    if (e.detail === 0 && performance.now() - focusedAt.current < KEY_BOUNCE_MS) {
      e.preventDefault();
      return;
    }
    onClick?.();
  };
  return (
    <button
      ref={buttonRef}
      type={type}
      className={`button step-button${primary ? ' button--primary' : ''}`}
      onClick={click}
      onFocus={() => (focusedAt.current = performance.now() - lastTabAt < 250 ? Number.NEGATIVE_INFINITY : performance.now())}
      disabled={disabled}
      aria-keyshortcuts={shortcut}
    >
      <span>{label}</span>
      <kbd aria-hidden="true">{shortcut}</kbd>
    </button>
  );
}
