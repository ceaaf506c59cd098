/** The settings domain of the core: its handlers and timers (see its contract, electron/contract/settings.ts). */
import type { settingsCalls } from '../../contract';
import type { CoreContext, CoreModule } from '../context';

export type SettingsChannel = keyof typeof settingsCalls;

export function settingsModule(_ctx: CoreContext): CoreModule<SettingsChannel> {
  return { handlers: {} };
}
