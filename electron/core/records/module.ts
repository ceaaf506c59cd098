/** The records domain of the core: its handlers and timers (see its contract, electron/contract/records.ts). */
import type { recordsCalls } from '../../contract';
import type { CoreContext, CoreModule } from '../context';

export type RecordsChannel = keyof typeof recordsCalls;

export function recordsModule(_ctx: CoreContext): CoreModule<RecordsChannel> {
  return { handlers: {} };
}
