import type { Migration } from '../open';

/** Retention runs, legal holds and sharing requests (issue 6 items 7, 8). */
export const migration0007: Migration = {
  version: 7,
  name: 'records',
  up() {
    // Reserved while being built: fill in before it ships, never after.
  },
};
