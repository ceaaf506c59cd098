/** The records domain's channel and event names for the preload (no zod); must equal records.ts's keys. */
export const RECORDS_CHANNELS = [] as const;
export const RECORDS_EVENTS = [] as const;
