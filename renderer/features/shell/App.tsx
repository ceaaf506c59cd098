import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo, User } from '../../../electron/contract';
import { call, on, useLinkState } from '../../api';
import { SetupScreen } from '../session/SetupScreen';
import { SignInScreen } from '../session/SignInScreen';
import { SessionGate } from '../session/SessionGate';
import { Console } from './Console';
import { Shell } from './Shell';

type Phase =
  | { kind: 'starting' }
  | { kind: 'failed'; message: string }
  | { kind: 'setup' }
  | { kind: 'sign-in'; notice: string | null }
  | { kind: 'console'; user: User };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function App() {
  const link = useLinkState();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const [epoch, setEpoch] = useState(0);
  const previousLink = useRef(link.state);

  // Events sent while this page was cut off are gone, and the core may have ended the session:
  // after a reconnect everything is asked for again.
  useEffect(() => {
    if (link.state === 'connected' && previousLink.current === 'reconnecting') setEpoch((e) => e + 1);
    previousLink.current = link.state;
  }, [link.state]);

  useEffect(() => {
    let cancelled = false;
    Promise.all([call('app:info', {}), call('session:setup-status', {}), call('session:current', {})]).then(
      ([appInfo, setup, current]) => {
        if (cancelled) return;
        setInfo(appInfo);
        setPhase((p) => {
          if (setup.needsSetup) return p.kind === 'setup' ? p : { kind: 'setup' };
          if (current.user) return p.kind === 'console' && p.user.id === current.user.id ? p : { kind: 'console', user: current.user };
          if (p.kind === 'sign-in') return p;
          return { kind: 'sign-in', notice: p.kind === 'console' ? 'Your session ended while the link to the console was down. Sign in again.' : null };
        });
      },
      (err: unknown) => {
        // Once running, a failed refresh leaves the screen as it is; the link banner explains.
        if (!cancelled) setPhase((p) => (p.kind === 'starting' || p.kind === 'failed' ? { kind: 'failed', message: message(err) } : p));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [epoch]);

  useEffect(
    () =>
      on('session:ended', ({ reason }) => {
        setPhase({ kind: 'sign-in', notice: `You were signed out: ${reason}` });
      }),
    [],
  );

  const signOut = useCallback(() => {
    call('session:sign-out', {}).then(
      () => setPhase({ kind: 'sign-in', notice: 'Signed out.' }),
      (err: unknown) =>
        setPhase({
          kind: 'sign-in',
          notice: `Sign-out did not reach the console (${message(err)}). The session may still be open there.`,
        }),
    );
  }, []);

  const afterSetup = useCallback((username: string) => {
    call('session:current', {}).then(
      ({ user }) => setPhase(user ? { kind: 'console', user } : { kind: 'sign-in', notice: `Administrator ${username} created. Sign in.` }),
      () => setPhase({ kind: 'sign-in', notice: `Administrator ${username} created. Sign in.` }),
    );
  }, []);

  useEffect(() => {
    if (phase.kind !== 'console') document.title = phase.kind === 'sign-in' ? 'Sign in — ALPR Hit Console' : 'ALPR Hit Console';
  }, [phase.kind]);

  switch (phase.kind) {
    case 'console':
      return (
        <SessionGate key={phase.user.id} info={info} user={phase.user} epoch={epoch} onSignOut={signOut} onUserChanged={(user) => setPhase({ kind: 'console', user })}>
          <Console info={info} user={phase.user} epoch={epoch} onSignOut={signOut} />
        </SessionGate>
      );
    case 'setup':
      return (
        <Shell info={info}>
          <SetupScreen onCreated={afterSetup} />
        </Shell>
      );
    case 'sign-in':
      return (
        <Shell info={info}>
          <SignInScreen notice={phase.notice} onSignedIn={(user) => setPhase({ kind: 'console', user })} />
        </Shell>
      );
    case 'starting':
      return (
        <Shell info={info}>
          <p className="loading" role="status">
            Starting…
          </p>
        </Shell>
      );
    case 'failed':
      // A refused page already says why in the banner, and trying again cannot help it.
      if (link.state === 'refused') return <Shell info={info}>{null}</Shell>;
      return (
        <Shell info={info}>
          <div className="error-box" role="alert">
            <p>The console did not answer: {phase.message}</p>
            <button type="button" className="button" onClick={() => setEpoch((e) => e + 1)}>
              Try again
            </button>
          </div>
        </Shell>
      );
  }
}
