import { useRef, useState, type FormEvent } from 'react';
import type { User } from '../../../electron/contract';
import { call } from '../../api';
import { Field } from './Field';
import { formErrors } from './field-errors';

interface Props {
  user: User;
  onUnlocked(user: User): void;
  onSwitched(user: User): void;
}

/** AC-11: nothing of the data is on screen; the password unlocks, or another user signs in. */
export function LockScreen({ user, onUnlocked, onSwitched }: Props) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [switching, setSwitching] = useState(false);
  const [other, setOther] = useState({ username: '', password: '' });
  const [busy, setBusy] = useState(false);
  const passwordInput = useRef<HTMLInputElement>(null);

  const fail = (err: unknown) => {
    const { fields, general } = formErrors(err, []);
    setError([...general, ...Object.values(fields).flat()].join(' '));
  };

  const unlock = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user: u } = await call('session:unlock', { password });
      onUnlocked(u);
    } catch (err) {
      fail(err);
      setPassword('');
      passwordInput.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const switchUser = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user: u } = await call('session:sign-in', { username: other.username.trim(), password: other.password });
      onSwitched(u);
    } catch (err) {
      fail(err);
      setOther((o) => ({ ...o, password: '' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="auth" aria-labelledby="lock-title">
      <h1 id="lock-title">Console locked</h1>
      {!switching ? (
        <>
          <p className="auth__notice">
            Locked for {user.displayName === user.username ? user.username : `${user.displayName} (${user.username})`}. Enter your password to
            unlock.
          </p>
          <form onSubmit={unlock} noValidate>
            <Field id="unlock-password" label="Password" type="password" ref={passwordInput} autoFocus autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
            <p className="form-error" role="alert">
              {error}
            </p>
            <button type="submit" className="button button--primary button--wide" disabled={busy}>
              Unlock
            </button>
          </form>
          <button type="button" className="button button--wide" onClick={() => { setSwitching(true); setError(null); }}>
            Switch user
          </button>
        </>
      ) : (
        <>
          <p className="auth__notice">Signing in as another user ends {user.displayName}&apos;s session.</p>
          <form onSubmit={switchUser} noValidate>
            <Field id="switch-username" label="Username" autoFocus autoComplete="username" autoCapitalize="none" spellCheck={false} value={other.username} onChange={(e) => setOther({ ...other, username: e.target.value })} />
            <Field id="switch-password" label="Password" type="password" autoComplete="current-password" value={other.password} onChange={(e) => setOther({ ...other, password: e.target.value })} />
            <p className="form-error" role="alert">
              {error}
            </p>
            <button type="submit" className="button button--primary button--wide" disabled={busy}>
              Sign in as another user
            </button>
          </form>
          <button type="button" className="button button--wide" onClick={() => { setSwitching(false); setError(null); }}>
            Back to unlock
          </button>
        </>
      )}
    </section>
  );
}
