/** The shiftlog domain's channel and event names for the preload (no zod); must equal shiftlog.ts's keys. */
export const SHIFTLOG_CHANNELS = [] as const;
export const SHIFTLOG_EVENTS = [] as const;
