import type { Migration } from '../open';

/** The on-device plate reading's agreement with the camera's read, per hit (issue 7). */
export const migration0009: Migration = {
  version: 9,
  name: 'ocr',
  up() {
    // Reserved while being built: fill in before it ships, never after.
  },
};
