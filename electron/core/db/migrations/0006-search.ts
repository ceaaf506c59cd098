import type { Migration } from '../open';

/** Plate search and officer hotlist entries (issue 6 items 5, 6). */
export const migration0006: Migration = {
  version: 6,
  name: 'search',
  up() {
    // Reserved while being built: fill in before it ships, never after.
  },
};
