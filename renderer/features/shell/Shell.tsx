import type { ReactNode } from 'react';
import type { AppInfo, HubState, User } from '../../../electron/contract';
import { useLinkState } from '../../api';
import { HubOfflineBanner, LinkBanner, TrainingBanner } from './Banners';
import { HubStatus } from './HubStatus';
import { useUserMenu } from './user-menu';

interface Props {
  info: AppInfo | null;
  /** Signed-in parts; absent before sign-in, when no data may be shown. */
  session?: {
    user: User;
    hub: HubState | null;
    nav: ReactNode;
    onSignOut(): void;
  };
  children: ReactNode;
}

export function Shell({ info, session, children }: Props) {
  const link = useLinkState();
  const menu = useUserMenu();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <div className="topbar__brand">
          <p className="topbar__title">
            <span className="topbar__name">ALPR Hit Console</span>
            {info?.training && <span className="training-badge">TRAINING</span>}
          </p>
          {info && (
            <p className="topbar__station">
              {info.agencyName} · Workstation <span className="topbar__ws">{info.workstationId}</span>
            </p>
          )}
        </div>
        {session && session.nav}
        {session && <HubStatus hub={session.hub} linkUp={link.state === 'connected'} />}
        {session && (
          <div className="topbar__user">
            <span>
              {session.user.displayName}
              <span className="topbar__role"> ({session.user.role})</span>
            </span>
            {menu}
            <button type="button" className="button" onClick={session.onSignOut}>
              Sign out
            </button>
          </div>
        )}
      </header>
      {info?.training && <TrainingBanner />}
      <LinkBanner link={link} />
      {session?.hub && link.state === 'connected' && <HubOfflineBanner hub={session.hub} />}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
