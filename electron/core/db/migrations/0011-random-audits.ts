import type { Migration } from '../open';

/** Random audits of lookups by an auditor: samples, findings, reports (issue 6 item 10). */
export const migration0011: Migration = {
  version: 11,
  name: 'random-audits',
  up() {
    // Reserved while being built: fill in before it ships, never after.
  },
};
