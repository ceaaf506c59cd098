import { useState, type FormEvent } from 'react';
import { call } from '../../api';
import { Field } from './Field';
import { formErrors, type FormErrors } from './field-errors';

interface Props {
  onDone(): void;
  /**
   * The password is one an administrator set (new account, reset): the user chooses their own
   * before anything else, so there is no way back, only on (or signing out).
   */
  required?: boolean;
}

const NONE: FormErrors = { fields: {}, general: [] };

/**
 * Change one's own password: the current one, and a new one of at least 8 characters not on
 * the common list, typed twice (a typo here would lock the user out at the next sign-in).
 */
export function ChangePasswordScreen({ onDone, required = false }: Props) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NONE);
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors(NONE);
    setDone(false);
    if (next !== again) {
      setErrors({ fields: { again: ['the two new passwords are not the same'] }, general: [] });
      document.getElementById('pw-again')?.focus();
      return;
    }
    try {
      await call('session:change-password', { current, next });
      setCurrent('');
      setNext('');
      setAgain('');
      if (required) onDone();
      else setDone(true);
    } catch (err) {
      const found = formErrors(err, ['current', 'next']);
      setErrors(found);
      if (found.fields.current) document.getElementById('pw-current')?.focus();
      else if (found.fields.next) document.getElementById('pw-next')?.focus();
    }
  };

  return (
    <section className="auth" aria-labelledby="password-title">
      <h1 id="password-title">{required ? 'Choose your own password' : 'Change password'}</h1>
      {required && (
        <p>
          An administrator set the password you signed in with. Choose one only you know before you continue; the
          administrator's no longer works after that.
        </p>
      )}
      {done && <p role="status">Password changed.</p>}
      <form onSubmit={submit} noValidate>
        <Field
          id="pw-current"
          label={required ? 'Password you signed in with' : 'Current password'}
          type="password"
          autoComplete="current-password"
          autoFocus
          value={current}
          errors={errors.fields.current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <Field id="pw-next" label="New password" type="password" autoComplete="new-password" hint="At least 8 characters; common or breached passwords are refused." value={next} errors={errors.fields.next} onChange={(e) => setNext(e.target.value)} />
        <Field id="pw-again" label="New password again" type="password" autoComplete="new-password" value={again} errors={errors.fields.again} onChange={(e) => setAgain(e.target.value)} />
        <p className="form-error" role="alert">
          {errors.general.join(' ')}
        </p>
        <button type="submit" className="button button--primary button--wide">
          {required ? 'Set my password' : 'Change password'}
        </button>
      </form>
      {!required && (
        <button type="button" className="button button--wide" onClick={onDone}>
          Back
        </button>
      )}
    </section>
  );
}
