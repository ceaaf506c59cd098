/** The random-audit domain's channel and event names for the preload (no zod); must equal random-audit.ts's keys. */
export const RANDOM_AUDIT_CHANNELS = ['audits:list', 'audits:draw', 'audits:open', 'audits:record-finding', 'audits:close', 'audits:export'] as const;
export const RANDOM_AUDIT_EVENTS = [] as const;
