import { useRef, useState, type FormEvent } from 'react';
import type { User } from '../../../electron/contract';
import { call } from '../../api';
import { Field } from './Field';
import { formErrors } from './field-errors';

/** An empty field is said here, plainly, before anything is sent. */
function missing(username: string, password: string): { text: string; field: 'username' | 'password' } | null {
  if (!username.trim()) return { text: password ? 'Enter your username.' : 'Enter your username and password.', field: 'username' };
  if (!password) return { text: 'Enter your password.', field: 'password' };
  return null;
}

interface Props {
  notice: string | null;
  onSignedIn(user: User): void;
}

export function SignInScreen({ notice, onSignedIn }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordInput = useRef<HTMLInputElement>(null);
  const usernameInput = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const empty = missing(username, password);
    if (empty) {
      setError(empty.text);
      (empty.field === 'username' ? usernameInput : passwordInput).current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { user } = await call('session:sign-in', { username: username.trim(), password });
      onSignedIn(user);
    } catch (err) {
      const { fields, general } = formErrors(err, []);
      setError([...general, ...Object.values(fields).flat()].join(' '));
      setPassword('');
      passwordInput.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="auth" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      {notice && <p className="auth__notice">{notice}</p>}
      <form onSubmit={submit} noValidate>
        <Field
          id="sign-in-username"
          label="Username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          ref={usernameInput}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <Field
          id="sign-in-password"
          label="Password"
          type="password"
          ref={passwordInput}
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {/* Always in the page, so screen readers already watch it when the error appears. */}
        <p className="form-error" role="alert">
          {error}
        </p>
        <button type="submit" className="button button--primary button--wide" disabled={busy}>
          Sign in
        </button>
      </form>
    </section>
  );
}
