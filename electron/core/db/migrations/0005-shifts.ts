import type { Migration } from '../open';

/** Shift definitions and anything the shift log needs (issue 6 items 1, 2). */
export const migration0005: Migration = {
  version: 5,
  name: 'shifts',
  up() {
    // Reserved while being built: fill in before it ships, never after.
  },
};
