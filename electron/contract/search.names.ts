/** The search domain's channel and event names for the preload (no zod); must equal search.ts's keys. */
export const SEARCH_CHANNELS = [] as const;
export const SEARCH_EVENTS = [] as const;
