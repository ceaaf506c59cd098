import { useState, type FormEvent } from 'react';
import { call } from '../../api';
import { Field } from './Field';
import { formErrors, type FormErrors } from './field-errors';

/** Change one's own password: the current one, and a new one of at least 8 characters not on the common list. */
export function ChangePasswordScreen({ onDone }: { onDone(): void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: [] });
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({ fields: {}, general: [] });
    try {
      await call('session:change-password', { current, next });
      setDone(true);
      setCurrent('');
      setNext('');
    } catch (err) {
      setErrors(formErrors(err, ['current', 'next']));
    }
  };

  return (
    <section className="auth" aria-labelledby="password-title">
      <h1 id="password-title">Change password</h1>
      {done && <p role="status">Password changed.</p>}
      <form onSubmit={submit} noValidate>
        <Field id="pw-current" label="Current password" type="password" autoComplete="current-password" autoFocus value={current} errors={errors.fields.current} onChange={(e) => setCurrent(e.target.value)} />
        <Field id="pw-next" label="New password" type="password" autoComplete="new-password" hint="At least 8 characters; common or breached passwords are refused." value={next} errors={errors.fields.next} onChange={(e) => setNext(e.target.value)} />
        <p className="form-error" role="alert">
          {errors.general.join(' ')}
        </p>
        <button type="submit" className="button button--primary button--wide">
          Change password
        </button>
      </form>
      <button type="button" className="button button--wide" onClick={onDone}>
        Back
      </button>
    </section>
  );
}
