import type { ComponentProps } from 'react';

interface Props extends Omit<ComponentProps<'input'>, 'id'> {
  id: string;
  label: string;
  hint?: string;
  errors?: readonly string[];
}

/** A labelled input whose hint and errors are tied to it for screen readers. */
export function Field({ id, label, hint, errors = [], ...input }: Props) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = errors.length ? `${id}-error` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field__hint" id={hintId!}>
          {hint}
        </p>
      )}
      <input id={id} aria-invalid={errors.length ? true : undefined} aria-describedby={describedBy} {...input} />
      {errorId && (
        <p className="field__error" id={errorId}>
          {errors.join('; ')}
        </p>
      )}
    </div>
  );
}
