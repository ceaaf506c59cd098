import type { Migration } from '../open';

/**
 * Accounts (issue 5): failed sign-in counting and lockout (CJIS AC-7), training records,
 * the versioned usage and privacy policy and its acknowledgements, and the security settings
 * (session lock time, dispatch-center exemption, hotlist categories per role).
 */
export const migration0004: Migration = {
  version: 4,
  name: 'accounts',
  up(db) {
    db.exec(`
      ALTER TABLE users ADD COLUMN failed_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE users ADD COLUMN first_failed_at TEXT;
      ALTER TABLE users ADD COLUMN locked_at TEXT;
      ALTER TABLE users ADD COLUMN training_course TEXT;
      ALTER TABLE users ADD COLUMN training_trainer TEXT;

      CREATE TABLE policy_versions (
        version INTEGER PRIMARY KEY,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT
      );

      CREATE TABLE policy_acks (
        user_id INTEGER NOT NULL REFERENCES users(id),
        version INTEGER NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (user_id, version)
      );

      CREATE TABLE security_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
};
