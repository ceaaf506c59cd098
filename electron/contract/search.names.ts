/** The search domain's channel and event names for the preload (no zod); must equal search.ts's keys. */
export const SEARCH_CHANNELS = [
  'search:plates',
  'search:options',
  'hotlist:add',
  'hotlist:entries',
  'hotlist:remove',
  'hotlist:set-limit',
] as const;
export const SEARCH_EVENTS = ['hotlist:changed'] as const;
