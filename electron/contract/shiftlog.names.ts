/** The shiftlog domain's channel and event names for the preload (no zod); must equal shiftlog.ts's keys. */
export const SHIFTLOG_CHANNELS = ['shiftlog:shifts', 'shiftlog:save-shifts', 'shiftlog:open', 'shiftlog:rows', 'shiftlog:export'] as const;
export const SHIFTLOG_EVENTS = [] as const;
