/** The reports domain's channel and event names for the preload (no zod); must equal reports.ts's keys. */
export const REPORTS_CHANNELS = [] as const;
export const REPORTS_EVENTS = [] as const;
