/** Contract: Application settings, display preferences and notifications (issue 9). */
export const settingsCalls = {} as const;
export const settingsEvents = {} as const;
