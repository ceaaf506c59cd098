import { useId, useState, type FormEvent, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import type { Choice } from '../../../electron/contract';

interface Props {
  /** The radio group's name ("Disposition", "Misread reason"). */
  legend: string;
  choices: readonly Choice[];
  submitLabel: string;
  busy: boolean;
  firstRef: Ref<HTMLInputElement>;
  children?: ReactNode;
  onSubmit(code: string, fields: FormData): void;
  onCancel(): void;
}

/**
 * A radio group of the agency's codes and a few fields, worked from the keyboard: arrows or
 * Space pick, Enter confirms (except in a multi-line note), Esc cancels (a second Esc when
 * something was chosen or typed, so one press does not throw it away). Nothing is chosen
 * beforehand, so two quick key presses cannot record a code nobody chose.
 */
export function ChoiceForm({ legend, choices, submitLabel, busy, firstRef, children, onSubmit, onCancel }: Props) {
  const [code, setCode] = useState<string | null>(null);
  const [unchosen, setUnchosen] = useState(false);
  // Esc on a form with something chosen or typed asks once more before throwing it away.
  const [discarding, setDiscarding] = useState(false);
  const legendId = useId();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (code === null) setUnchosen(true);
    else onSubmit(code, new FormData(e.currentTarget));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      const typed = [...e.currentTarget.elements].some(
        (el) => (el instanceof HTMLInputElement && el.type !== 'radio' && el.value !== '') || (el instanceof HTMLTextAreaElement && el.value !== ''),
      );
      if ((code !== null || typed) && !discarding) setDiscarding(true);
      else onCancel();
    } else if (e.key === 'Enter' && !(e.target instanceof HTMLTextAreaElement) && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      e.currentTarget.requestSubmit();
    }
  };

  return (
    <form className="choice-form" onSubmit={submit} onKeyDown={onKeyDown} onInput={() => setDiscarding(false)}>
      <div role="radiogroup" aria-labelledby={legendId} className="choices">
        <p id={legendId} className="choices__legend">
          {legend}
        </p>
        {choices.map((c, i) => (
          <label key={c.code} className="choice">
            <input
              ref={i === 0 ? firstRef : undefined}
              type="radio"
              name="code"
              value={c.code}
              checked={code === c.code}
              onChange={() => {
                setCode(c.code);
                setUnchosen(false);
              }}
            />
            {c.label}
          </label>
        ))}
        {unchosen && (
          <p className="choices__missing" role="alert">
            Choose one first: Space chooses the one in focus; the arrow keys move to the next one and choose it.
          </p>
        )}
      </div>
      {children}
      {discarding && (
        <p className="choices__missing" role="status">
          Press Esc again to close this and discard what you entered.
        </p>
      )}
      <div className="choice-form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel} aria-keyshortcuts="Escape">
          Cancel <kbd aria-hidden="true">Esc</kbd>
        </button>
      </div>
    </form>
  );
}
