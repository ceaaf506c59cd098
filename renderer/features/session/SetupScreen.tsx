import { useState, type FormEvent } from 'react';
import { call } from '../../api';
import { Field } from './Field';
import { formErrors, type FormErrors } from './field-errors';

interface Props {
  /** Called once the administrator exists; the caller finds out whether a session came with it. */
  onCreated(username: string): void;
}

const FIELDS = ['username', 'displayName', 'badge', 'agency', 'password', 'confirm'] as const;
type FieldName = (typeof FIELDS)[number];

export function SetupScreen({ onCreated }: Props) {
  const [values, setValues] = useState<Record<FieldName, string>>({
    username: '',
    displayName: '',
    badge: '',
    agency: '',
    password: '',
    confirm: '',
  });
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: [] });
  const [busy, setBusy] = useState(false);

  const bind = (name: FieldName) => ({
    value: values[name],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
    errors: errors.fields[name],
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (values.password !== values.confirm) {
      setErrors({ fields: { confirm: ['the two passwords are not the same'] }, general: [] });
      return;
    }
    setBusy(true);
    setErrors({ fields: {}, general: [] });
    try {
      const badge = values.badge.trim();
      const agency = values.agency.trim();
      await call('session:create-first-admin', {
        username: values.username.trim(),
        password: values.password,
        displayName: values.displayName,
        ...(badge ? { badge } : {}),
        ...(agency ? { agency } : {}),
      });
      onCreated(values.username.trim());
    } catch (err) {
      setErrors(formErrors(err, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="auth auth--wide" aria-labelledby="setup-title">
      <h1 id="setup-title">Set up this console</h1>
      <p className="auth__notice">
        No users exist yet. Create the first administrator; they can add everyone else.
      </p>
      <form onSubmit={submit} noValidate>
        <Field id="setup-username" label="Username" autoComplete="username" autoCapitalize="none" spellCheck={false} autoFocus hint="Letters, digits and . _ -" {...bind('username')} />
        <Field id="setup-display-name" label="Display name" autoComplete="name" {...bind('displayName')} />
        <Field id="setup-badge" label="Badge number (optional)" {...bind('badge')} />
        <Field id="setup-agency" label="Agency ORI (optional)" autoCapitalize="characters" spellCheck={false} hint="e.g. CA0390100" {...bind('agency')} />
        <Field id="setup-password" label="Password" type="password" autoComplete="new-password" {...bind('password')} />
        <Field id="setup-confirm" label="Confirm password" type="password" autoComplete="new-password" {...bind('confirm')} />
        <div className="form-error" role="alert">
          {errors.general.length > 0 && (
            <ul>
              {errors.general.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
        <button type="submit" className="button button--primary button--wide" disabled={busy}>
          Create administrator
        </button>
      </form>
    </section>
  );
}
