/**
 * The console's screens besides the hit queue, and who may open each. The nav in the top bar
 * lists the ones the signed-in role may use (Alt+1 is the hit queue, then Alt+2, Alt+3 ... in
 * this order). The core enforces the same roles on every call; this only keeps the nav honest.
 * A new screen adds one entry here and lives in its own feature folder.
 */
import { createContext, lazy, Suspense, type ReactNode } from 'react';
import { HIT_WORKERS, type Role, type User } from '../../../electron/contract';
import { AuditReviewScreen } from '../audit-review/AuditReviewScreen';
import { SearchScreen } from '../search/SearchScreen';
import { HotlistScreen } from '../search/HotlistScreen';
import { RecordsScreen } from '../records/RecordsScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { RandomAuditScreen } from '../random-audit/RandomAuditScreen';

// The shift log carries the charting library: it loads when first opened, not with the console.
const ShiftLogScreen = lazy(() => import('../shiftlog/ShiftLogScreen').then((m) => ({ default: m.ShiftLogScreen })));
const loading = (
  <p className="loading" role="status">
    Loading…
  </p>
);

/** What every screen gets from the console. */
export interface ScreenProps {
  user: User;
  /** Changes when the link to the core came back: refetch. */
  epoch: number;
  /** Opens a hit's review screen (from a search result, a shift-log row ...). */
  onOpenHit(hitId: string): void;
}

export interface ViewSpec {
  id: string;
  label: string;
  roles: readonly Role[];
  render(props: ScreenProps): ReactNode;
}

export const VIEWS: readonly ViewSpec[] = [
  { id: 'search', label: 'Plate search', roles: ['dispatcher', 'supervisor', 'admin'], render: (p) => <SearchScreen {...p} /> },
  { id: 'hotlist', label: 'Hotlist entries', roles: ['dispatcher', 'supervisor', 'admin'], render: (p) => <HotlistScreen {...p} /> },
  {
    id: 'shifts',
    label: 'Shift log',
    roles: ['supervisor', 'admin', 'auditor'],
    render: (p) => (
      <Suspense fallback={loading}>
        <ShiftLogScreen {...p} />
      </Suspense>
    ),
  },
  { id: 'audit', label: 'Audit log', roles: ['supervisor', 'admin', 'auditor'], render: (p) => <AuditReviewScreen {...p} /> },
  // San Jose: random audits by a unit other than the system's administrators.
  { id: 'random-audit', label: 'Random audit', roles: ['auditor', 'supervisor'], render: (p) => <RandomAuditScreen {...p} /> },
  { id: 'sharing', label: 'Sharing requests', roles: ['supervisor', 'admin', 'auditor'], render: (p) => <RecordsScreen key="sharing" {...p} initialTab="sharing" /> },
  { id: 'records', label: 'Retention & holds', roles: ['supervisor', 'admin'], render: (p) => <RecordsScreen key="records" {...p} initialTab="retention" /> },
  { id: 'settings', label: 'Settings', roles: ['dispatcher', 'supervisor', 'admin', 'auditor'], render: (p) => <SettingsScreen {...p} /> },
];

export function viewsFor(role: Role): ViewSpec[] {
  return VIEWS.filter((v) => v.roles.includes(role));
}

export const QUEUE = 'queue';

/** The top bar's screens for a role, in Alt+1, Alt+2 ... order: the hit queue first for those who work hits. */
export function navFor(role: Role): { id: string; label: string }[] {
  const others = viewsFor(role).map(({ id, label }) => ({ id, label }));
  return HIT_WORKERS.includes(role) ? [{ id: QUEUE, label: 'Hit queue' }, ...others] : others;
}

/**
 * The screen the console opens on when it comes back from the Administration or Password
 * screen through their screen bar (null: the hit queue, or the role's first screen).
 */
export const StartViewContext = createContext<string | null>(null);

/**
 * The hit under review, kept by the session gate across a lock (the console is unmounted
 * while locked): the same user unlocking comes back to it; another user signing in does not.
 */
export interface ResumeHit {
  hitId: string | null;
}
export const ResumeHitContext = createContext<ResumeHit>({ hitId: null });
