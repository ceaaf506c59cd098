/**
 * The contract's channel and event names alone, for the preload (which must stay tiny and
 * cannot load zod). tests/unit/contract.test.ts checks these lists equal the contract's keys.
 */
export const CHANNEL_NAMES = [
  'app:info',
  'session:setup-status',
  'session:create-first-admin',
  'session:sign-in',
  'session:sign-out',
  'session:current',
  'hub:status',
  'hits:queue',
  'hits:open',
  'map:geojson',
  'ui:attention',
  'audit:status',
  'audit:verify',
  'purposes:list',
  'workflow:state',
  'workflow:confirm-plate',
  'workflow:misread',
  'workflow:mark-broadcast',
  'workflow:run-clets',
  'workflow:record-clets',
  'workflow:mark-results-broadcast',
  'workflow:dispose',
  'workflow:take-over',
  'workflow:settings',
  'workflow:update-settings',
  'session:lock', 'session:unlock', 'session:activity', 'session:change-password', 'policy:current', 'policy:acknowledge',
  'admin:users', 'admin:create-user', 'admin:update-user', 'admin:set-disabled', 'admin:unlock-user', 'admin:reset-password', 'admin:record-training', 'admin:update-policy', 'admin:security-settings', 'admin:update-security-settings',
] as const;

export const EVENT_NAMES_LIST = ['hub:state', 'hits:new', 'hits:updated', 'session:ended', 'audit:alarm', 'hits:overdue', 'hits:escalated', 'session:locked'] as const;
