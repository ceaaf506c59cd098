import type { Migration } from '../open';

/** Evidence packages exported for booking (issue 6 item 9). */
export const migration0012: Migration = {
  version: 12,
  name: 'evidence',
  up() {
    // Reserved while being built: fill in before it ships, never after.
  },
};
