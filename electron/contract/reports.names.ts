/** The reports domain's channel and event names for the preload (no zod); must equal reports.ts's keys. */
export const REPORTS_CHANNELS = [
  'reports:audit-search',
  'reports:audit-export',
  'reports:rules',
  'reports:update-rules',
  'purposes:all',
  'purposes:add',
  'purposes:update',
] as const;
export const REPORTS_EVENTS = [] as const;
