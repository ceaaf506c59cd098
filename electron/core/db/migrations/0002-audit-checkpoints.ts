import type { Migration } from '../open';

/**
 * Signed checkpoints of the audit chain (count + head hash), each kept with the hub's receipt
 * once the hub has acknowledged it, and the agency's list of lookup purposes.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'audit-checkpoints',
  up(db) {
    db.exec(`
      CREATE TABLE audit_checkpoints (
        id INTEGER PRIMARY KEY,
        count INTEGER NOT NULL,
        head_hash TEXT NOT NULL,
        signature TEXT NOT NULL,
        created_at TEXT NOT NULL,
        receipt TEXT,
        receipt_at TEXT
      );
      CREATE INDEX audit_checkpoints_unsent ON audit_checkpoints (id) WHERE receipt IS NULL;

      CREATE TABLE purposes (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL UNIQUE,
        requires_case_number INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1,
        builtin INTEGER NOT NULL DEFAULT 0
      );
    `);
    // San Jose's authorized uses, plus the two the console itself needs.
    const insert = db.prepare('INSERT INTO purposes (label, requires_case_number, builtin) VALUES (?, ?, 1)');
    for (const [label, needsCase] of [
      ['Hit confirmation', 0],
      ['Stolen or wanted vehicle', 1],
      ['Suspect apprehension', 1],
      ['Witnesses and victims of violent crime', 1],
      ['At-risk missing person / Amber / Silver alert', 1],
      ['Serial-crime investigation', 1],
      ['Special event protection', 1],
      ['Critical infrastructure protection', 1],
      ['Audit / administration', 0],
    ] as const) {
      insert.run(label, needsCase);
    }
  },
};
