/** The shiftlog domain of the core: its handlers and timers (see its contract, electron/contract/shiftlog.ts). */
import type { shiftLogCalls } from '../../contract';
import type { CoreContext, CoreModule } from '../context';

export type ShiftLogChannel = keyof typeof shiftLogCalls;

export function shiftLogModule(_ctx: CoreContext): CoreModule<ShiftLogChannel> {
  return { handlers: {} };
}
