import type { Ref } from 'react';
import type { StepKey } from './keys';

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
 * A workflow step's button. The key is shown on the button but kept out of its accessible
 * name ("Confirm plate", not "Confirm plate C"); `aria-keyshortcuts` announces it instead.
 */
export function StepButton({ label, shortcut, onClick, primary, disabled, buttonRef, type = 'button' }: Props) {
  return (
    <button
      ref={buttonRef}
      type={type}
      className={`button step-button${primary ? ' button--primary' : ''}`}
      onClick={onClick}
      disabled={disabled}
      aria-keyshortcuts={shortcut}
    >
      <span>{label}</span>
      <kbd aria-hidden="true">{shortcut}</kbd>
    </button>
  );
}
