/** The settings domain's channel and event names for the preload (no zod); must equal settings.ts's keys. */
export const SETTINGS_CHANNELS = [] as const;
export const SETTINGS_EVENTS = [] as const;
