import type { Migration } from '../open';

/** Audit review, reports and lookup rules (issue 6 items 3, 4; issue 4 item 1). */
export const migration0008: Migration = {
  version: 8,
  name: 'reports',
  up() {
    // Reserved while being built: fill in before it ships, never after.
  },
};
