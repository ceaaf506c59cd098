/** The search domain of the core: its handlers and timers (see its contract, electron/contract/search.ts). */
import type { searchCalls } from '../../contract';
import type { CoreContext, CoreModule } from '../context';

export type SearchChannel = keyof typeof searchCalls;

export function searchModule(_ctx: CoreContext): CoreModule<SearchChannel> {
  return { handlers: {} };
}
