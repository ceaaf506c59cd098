import type { Migration } from '../open';

/**
 * The on-device plate reading's agreement with the camera's read, per hit (issue 7): one row
 * per scored hit, written by electron/core/ocr/module.ts after the hit has been stored and
 * announced. A hit without a row has not been scored yet (the console scores those at start);
 * 'unavailable' rows (model missing, reader failed) are retried at the next start.
 * `positions` is JSON: [{ index, read, suggested }] in the camera read's coordinates.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'ocr',
  up(db) {
    db.exec(`
      CREATE TABLE hit_ocr (
        hit_id TEXT PRIMARY KEY REFERENCES hits(id),
        status TEXT NOT NULL CHECK (status IN ('agrees', 'possible-misread', 'unreadable', 'unavailable')),
        camera_read TEXT NOT NULL,
        model_read TEXT,
        support REAL,
        mean_confidence REAL,
        positions TEXT NOT NULL DEFAULT '[]',
        reason TEXT,
        model_version TEXT,
        model_stats TEXT,
        scored_at TEXT NOT NULL,
        elapsed_ms REAL
      );
      CREATE INDEX hit_ocr_status ON hit_ocr (status);
    `);
  },
};
