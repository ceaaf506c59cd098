/** A core for the auth tests: a fake clock, users of every role, trained and cleared on demand. */
import { Core, type CoreOptions } from '../../electron/core/core';
import type { Role } from '../../electron/contract';
import { tempDir } from './tmp';
import { acknowledgePolicy, TRAINED } from './clearance';

export const PASSWORD = 'hunter2hunter2';

export interface AuthCore {
  core: Core;
  dataDir: string;
  clock: { t: number; advance(ms: number): void };
  /** A session signed in as `username` (created with `role` if new), trained and acknowledged unless told. */
  session(username: string, role: Role, opts?: { trained?: boolean; acknowledge?: boolean }): Promise<string>;
  call(sessionId: string, channel: string, input?: unknown): ReturnType<Core['dispatch']>;
  audit(action?: string): { action: string; outcome: string; username: string | null; data: Record<string, unknown> }[];
}

/** The value of a call that must succeed; a refusal fails the test with its code and message. */
export function callValue<T>(r: Awaited<ReturnType<AuthCore['call']>>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

export async function authCore(extra: Partial<CoreOptions> = {}): Promise<AuthCore> {
  const dataDir = tempDir();
  const clock = {
    t: Date.parse('2026-11-25T12:00:00Z'),
    advance(ms: number) {
      clock.t += ms;
    },
  };
  const core = await Core.open({
    dataDir,
    workstationId: 'ws-auth',
    hub: null,
    mode: 'headless',
    version: '0-test',
    agencyName: 'Test PD',
    now: () => new Date(clock.t),
    ...extra,
  });
  const call = (id: string, channel: string, input: unknown = {}) => core.dispatch(id, channel, input);
  return {
    core,
    dataDir,
    clock,
    call,
    async session(username, role, opts = {}) {
      if (!core.db.prepare('SELECT 1 FROM users WHERE username = ?').get(username)) {
        await core.users.create({ username, password: PASSWORD, displayName: `${username} name`, role, trainingDate: opts.trained === false ? null : TRAINED });
      }
      const s = core.openSession({ ip: '10.9.9.9' });
      const signed = await call(s.id, 'session:sign-in', { username, password: PASSWORD });
      if (!signed.ok) throw new Error(`sign-in ${username}: ${signed.error.message}`);
      if (opts.acknowledge !== false) await acknowledgePolicy(core, s.id);
      return s.id;
    },
    audit(action) {
      const rows = core.db.prepare('SELECT action, outcome, username, data FROM audit_log ORDER BY seq').all() as { action: string; outcome: string; username: string | null; data: string }[];
      return rows.filter((r) => !action || r.action === action).map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
    },
  };
}
