/** The records domain's channel and event names for the preload (no zod); must equal records.ts's keys. */
export const RECORDS_CHANNELS = [
  'records:retention',
  'records:set-retention',
  'records:purge-now',
  'records:holds',
  'records:place-hold',
  'records:release-hold',
  'records:requests',
  'records:register-request',
  'records:decide-request',
  'records:export-request',
  'records:shared-with',
  'records:shared-with-csv',
  'records:evidence-export',
  'records:evidence-list',
] as const;
export const RECORDS_EVENTS = [] as const;
