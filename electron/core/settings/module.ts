/**
 * The settings domain of the core (contract: electron/contract/settings.ts). Every change is
 * one audit record (`settings.update` / `settings.preferences`, old -> new, secrets hidden),
 * written in the same commit as the file; a refused change is audited too.
 */
import { SETTINGS_EVENT_ACCESS, type settingsCalls } from '../../contract';
import type { CoreContext, CoreModule, Session } from '../context';
import { actorOf } from '../context';
import { CallFailure } from '../errors';
import { SettingsLocked } from './settings';
import { patchKeys, SettingsRefused, type SettingsStore } from './store';

export type SettingsChannel = keyof typeof settingsCalls;

export function settingsModule(ctx: CoreContext, store: SettingsStore): CoreModule<SettingsChannel> {
  const user = (s: Session) => {
    if (!s.user) throw new CallFailure('unauthenticated', 'sign in first');
    return s.user;
  };

  async function refused(s: Session, action: string, keys: string[], reason: string): Promise<void> {
    await ctx.appendAudit({ action, outcome: 'refused', actor: actorOf(user(s)), ip: s.ip, data: { keys, reason } });
  }

  function failure(err: unknown): never {
    if (err instanceof SettingsLocked) throw new CallFailure('forbidden', err.message);
    if (err instanceof SettingsRefused) {
      throw new CallFailure('invalid-input', `these settings cannot be used: ${err.details.join('; ')}`, err.details);
    }
    throw err;
  }

  return {
    eventAccess: SETTINGS_EVENT_ACCESS,
    handlers: {
      'settings:get': (_input, s) => store.view(user(s).role),
      'settings:update': async (patch, s) => {
        const u = user(s);
        let changes;
        try {
          changes = await ctx.commit(() => {
            const made = store.update(u.role, patch);
            if (made.length) ctx.audit.append({ action: 'settings.update', outcome: 'ok', actor: actorOf(u), ip: s.ip, data: { changes: made } });
            return made;
          });
        } catch (err) {
          if (err instanceof SettingsLocked || err instanceof SettingsRefused) {
            await refused(s, 'settings.update', err instanceof SettingsLocked ? err.keys : patchKeys(patch), err.message);
          }
          failure(err);
        }
        if (changes.length) {
          ctx.log(`settings changed by ${u.username}: ${changes.map((c) => c.key).join(', ')}`);
          ctx.broadcast('settings:changed', { keys: changes.map((c) => c.key) });
        }
        return store.view(u.role);
      },
      'settings:preferences': (_input, s) => store.preferences(user(s).id),
      'settings:update-preferences': async (patch, s) => {
        const u = user(s);
        try {
          return await ctx.commit(() => {
            const { before, after } = store.setPreferences(u.id, patch);
            const changes = (Object.keys(patch) as (keyof typeof after)[])
              .filter((k) => before[k] !== after[k])
              .map((k) => ({ key: k, old: before[k], new: after[k] }));
            if (changes.length) ctx.audit.append({ action: 'settings.preferences', outcome: 'ok', actor: actorOf(u), ip: s.ip, data: { changes } });
            return after;
          });
        } catch (err) {
          return failure(err);
        }
      },
    },
  };
}
