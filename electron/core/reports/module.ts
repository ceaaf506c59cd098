/** The reports domain of the core: its handlers and timers (see its contract, electron/contract/reports.ts). */
import type { reportsCalls } from '../../contract';
import type { CoreContext, CoreModule } from '../context';

export type ReportsChannel = keyof typeof reportsCalls;

export function reportsModule(_ctx: CoreContext): CoreModule<ReportsChannel> {
  return { handlers: {} };
}
