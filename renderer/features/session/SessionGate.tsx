import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ScreenMemoryContext } from '../../lib/remember';
import type { AppInfo, User } from '../../../electron/contract';
import { AdminScreen } from '../admin/AdminScreen';
import { AwayAlert } from '../alert/AwayAlert';
import { LockedAlert } from '../alert/LockedAlert';
import { Shell } from '../shell/Shell';
import { TITLE } from '../shell/unopened';
import { UserMenuContext } from '../shell/user-menu';
import { useHubState } from '../shell/useHubState';
import { navFor, ResumeHitContext, StartViewContext, type ResumeHit } from '../shell/views';
import { ViewNav } from '../shell/ViewNav';
import { ChangePasswordScreen } from './ChangePasswordScreen';
import { LockScreen } from './LockScreen';
import { PolicyScreen } from './PolicyScreen';
import { useSessionGuard } from './useSessionGuard';

interface Props {
  info: AppInfo | null;
  user: User;
  epoch: number;
  onSignOut(): void;
  onUserChanged(user: User): void;
  /** The console itself, shown only while unlocked and cleared. */
  children: ReactNode;
}

type View = 'console' | 'admin' | 'password';

/**
 * Between sign-in and the data (issue 5): the lock screen (AC-11, Ctrl+L), choosing one's own
 * password in place of one an administrator set, the policy acknowledgement, the training
 * notice, and the user's own menu. The core enforces all of this; the gate only keeps the
 * screen honest about it.
 */
export function SessionGate(props: Props) {
  // One per sign-in (the gate is mounted for it): what screens were showing (the shift log's
  // view), and which hits the queue behind the lock screen or the Password screen has alerted.
  const memory = useRef(new Map<string, unknown>()).current;
  return (
    <ScreenMemoryContext.Provider value={memory}>
      <Gate {...props} />
    </ScreenMemoryContext.Provider>
  );
}

function Gate({ info, user, epoch, onSignOut, onUserChanged, children }: Props) {
  const guard = useSessionGuard(epoch);
  const [view, setView] = useState<View>('console');
  // A screen picked on the bar of the Administration or Password screen: the console opens on it.
  const [startView, setStartView] = useState<string | null>(null);
  const resume = useRef<ResumeHit>({ hitId: null }).current;
  const open = (next: View) => {
    setStartView(null);
    setView(next);
  };
  const bare = (body: ReactNode) => (
    <Shell info={info}>{body}</Shell>
  );

  if (guard.locked) {
    return bare(
      <>
        <LockedAlert />
        <LockScreen
          user={user}
          onUnlocked={() => {
            guard.setLocked(false);
            guard.refresh();
          }}
          onSwitched={(u) => {
            resume.hitId = null;
            guard.setLocked(false);
            open('console');
            onUserChanged(u);
            guard.refresh();
          }}
        />
      </>,
    );
  }
  if (!guard.clearance) return bare(<p className="loading" role="status">Starting…</p>);
  const { policyAcknowledged, trained, passwordChangeRequired } = guard.clearance;
  // Before anything else, with the user's name, Lock and Sign out on the bar (nothing else):
  // first their own password (new account, reset: the core refuses everything else until
  // then), then the usage policy.
  const lock = (
    <button type="button" className="button" onClick={guard.lock} aria-keyshortcuts="Control+L">
      Lock
    </button>
  );
  const first = (body: ReactNode) => (
    <UserMenuContext.Provider value={lock}>
      <OwnShell info={info} user={user} epoch={epoch} onSignOut={onSignOut} nav={null}>
        <PlainTitle />
        {body}
      </OwnShell>
    </UserMenuContext.Provider>
  );
  if (passwordChangeRequired) return first(<ChangePasswordScreen required onDone={guard.refresh} />);
  if (!policyAcknowledged && view === 'console') return first(<PolicyScreen onAcknowledged={guard.refresh} />);

  // Cleared for hit data (the core sends new hits only then); an auditor sees the screens untrained.
  const cleared = policyAcknowledged && trained;
  const seesScreens = policyAcknowledged && (trained || user.role === 'auditor');

  const menu = (
    <>
      {lock}
      <button type="button" className="button" aria-current={view === 'password' ? 'page' : undefined} onClick={() => open(view === 'password' ? 'console' : 'password')}>
        Password
      </button>
      {user.role === 'admin' && (
        <button type="button" className="button" aria-current={view === 'admin' ? 'page' : undefined} onClick={() => open(view === 'admin' ? 'console' : 'admin')}>
          Administration
        </button>
      )}
    </>
  );
  const nav = (badge: ReactNode) =>
    seesScreens ? (
      <ViewNav
        views={navFor(user.role)}
        current=""
        onSelect={(id) => {
          setStartView(id);
          setView('console');
        }}
        queueBadge={badge}
      />
    ) : null;
  const shell = (badge: ReactNode, banner: ReactNode, body: ReactNode) => (
    <OwnShell info={info} user={user} epoch={epoch} onSignOut={onSignOut} nav={nav(badge)}>
      {banner}
      {body}
    </OwnShell>
  );
  const own = (body: ReactNode) => (
    <UserMenuContext.Provider value={menu}>
      {/* Away from the queue, new hits still sound and show, and the count stays in the title
          and on the bar (the core sends hits only to cleared users). */}
      {cleared ? (
        <AwayAlert epoch={epoch} onBack={() => open('console')}>
          {(badge, banner) => shell(badge, banner, body)}
        </AwayAlert>
      ) : (
        shell(null, null, body)
      )}
    </UserMenuContext.Provider>
  );

  if (view === 'admin' && user.role === 'admin') return own(<AdminScreen self={user} onChanged={guard.refresh} />);
  if (view === 'password') return own(<ChangePasswordScreen onDone={() => open('console')} />);
  if (!trained && user.role !== 'auditor') {
    return own(
      <section className="auth" aria-labelledby="training-title">
        <h1 id="training-title">Training not recorded</h1>
        {user.role === 'admin' ? (
          <p>
            You see no ALPR data until your ALPR training (date, course, trainer) is on record. As an administrator you
            may record it yourself: Administration, then your own account, then Record training.
          </p>
        ) : (
          <p>
            You see no ALPR data until an administrator records your ALPR training (date, course, trainer). Ask your
            supervisor or system administrator.
          </p>
        )}
      </section>,
    );
  }
  return (
    <UserMenuContext.Provider value={menu}>
      <StartViewContext.Provider value={startView}>
        <ResumeHitContext.Provider value={resume}>{children}</ResumeHitContext.Provider>
      </StartViewContext.Provider>
    </UserMenuContext.Provider>
  );
}

/**
 * The shell of the screens the gate shows itself, with the hub link as it is. Its own
 * component, so the link is followed only while one of them is up: the console follows it
 * for its own screens.
 */
function OwnShell({ info, user, epoch, onSignOut, nav, children }: Pick<Props, 'info' | 'user' | 'epoch' | 'onSignOut' | 'children'> & { nav: ReactNode }) {
  const hub = useHubState(epoch);
  return (
    <Shell info={info} session={{ user, hub, nav, onSignOut }}>
      {children}
    </Shell>
  );
}

/** The window's title once signed in, before the console (which adds the count of new hits). */
function PlainTitle() {
  useEffect(() => {
    document.title = TITLE;
  }, []);
  return null;
}
