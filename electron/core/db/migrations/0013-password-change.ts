import type { Migration } from '../open';

/**
 * A password an administrator set (a new account, a reset) is one the administrator knows: the
 * user chooses their own at the next sign-in before anything else (CJIS IA-5: an initial or
 * reset authenticator is changed at first use). Accounts that existed before keep working.
 */
export const migration0013: Migration = {
  version: 13,
  name: 'password-change',
  up(db) {
    db.exec(`ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1))`);
  },
};
