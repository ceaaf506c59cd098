/**
 * The contract's channel and event names alone, for the preload (which must stay tiny and
 * cannot load zod). tests/unit/contract.test.ts checks these lists equal the contract's keys.
 */
import { SHIFTLOG_CHANNELS, SHIFTLOG_EVENTS } from './shiftlog.names';
import { REPORTS_CHANNELS, REPORTS_EVENTS } from './reports.names';
import { SEARCH_CHANNELS, SEARCH_EVENTS } from './search.names';
import { RECORDS_CHANNELS, RECORDS_EVENTS } from './records.names';
import { SETTINGS_CHANNELS, SETTINGS_EVENTS } from './settings.names';
import { RANDOM_AUDIT_CHANNELS, RANDOM_AUDIT_EVENTS } from './random-audit.names';

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
  'workflow:end-withdrawn',
  'workflow:take-over',
  'workflow:settings',
  'workflow:update-settings',
  'session:lock', 'session:unlock', 'session:waiting', 'session:activity', 'session:change-password', 'policy:current', 'policy:acknowledge',
  'admin:users', 'admin:create-user', 'admin:update-user', 'admin:set-disabled', 'admin:unlock-user', 'admin:reset-password', 'admin:record-training', 'admin:update-policy', 'admin:security-settings', 'admin:update-security-settings',
  ...SHIFTLOG_CHANNELS,
  ...REPORTS_CHANNELS,
  ...SEARCH_CHANNELS,
  ...RECORDS_CHANNELS,
  ...SETTINGS_CHANNELS,
  ...RANDOM_AUDIT_CHANNELS,
] as const;

export const EVENT_NAMES_LIST = ['hub:state', 'hits:new', 'hits:updated', 'session:ended', 'audit:alarm', 'hits:overdue', 'hits:escalated', 'hits:visibility-changed', 'session:locked', 'session:hit-waiting',
  ...SHIFTLOG_EVENTS,
  ...REPORTS_EVENTS,
  ...SEARCH_EVENTS,
  ...RECORDS_EVENTS,
  ...SETTINGS_EVENTS,
  ...RANDOM_AUDIT_EVENTS,
] as const;
