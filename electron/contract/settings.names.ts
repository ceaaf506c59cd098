/** The settings domain's channel and event names for the preload (no zod); must equal settings.ts's keys. */
export const SETTINGS_CHANNELS = ['settings:get', 'settings:update', 'settings:preferences', 'settings:update-preferences'] as const;
export const SETTINGS_EVENTS = ['hits:focus', 'settings:changed'] as const;
