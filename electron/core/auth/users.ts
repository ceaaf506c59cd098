/**
 * User accounts. This scope: create (first admin, bootstrap user), look up, verify a
 * password. Lockout, session lock, training gates and admin screens build on this.
 */
import type { DB } from '../db/open';
import { ROLES, type Role, type User } from '../../contract';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  badge: string | null;
  agency: string | null;
  role: Role;
  password_hash: string;
  training_date: string | null;
  disabled: number;
}

export interface NewUser {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  badge?: string | null;
  agency?: string | null;
  trainingDate?: string | null;
}

export class UserError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export const MIN_PASSWORD_LENGTH = 8;

function toUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    badge: r.badge,
    agency: r.agency,
    role: r.role,
    trainingDate: r.training_date,
  };
}

export class Users {
  constructor(
    private readonly db: DB,
    private readonly now: () => Date = () => new Date(),
  ) {}

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  byId(id: number): User | null {
    const row = this.db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
    return row ? toUser(row) : null;
  }

  /** Hashes first (slow, async), then inserts inside `write` so the caller can audit atomically. */
  async create(input: NewUser, write: (insert: () => User) => User = (insert) => insert()): Promise<User> {
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw new UserError('password too short', [`password: at least ${MIN_PASSWORD_LENGTH} characters`]);
    }
    if (!ROLES.includes(input.role)) throw new UserError('unknown role', [`role: one of ${ROLES.join(', ')}`]);
    const hash = await hashPassword(input.password);
    return write(() => {
      const exists = this.db.prepare('SELECT 1 FROM users WHERE username = ?').get(input.username);
      if (exists) throw new UserError('username taken', [`username: ${input.username} already exists`]);
      const info = this.db
        .prepare(
          `INSERT INTO users (username, display_name, badge, agency, role, password_hash, training_date, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.username,
          input.displayName,
          input.badge ?? null,
          input.agency ?? null,
          input.role,
          hash,
          input.trainingDate ?? null,
          this.now().toISOString(),
        );
      return this.byId(Number(info.lastInsertRowid))!;
    });
  }

  /** The user when the password is right and the account usable; null otherwise (same timing). */
  async authenticate(username: string, password: string): Promise<User | null> {
    const row = this.db
      .prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?')
      .get(username);
    const ok = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()));
    if (!row || !ok || row.disabled) return null;
    return toUser(row);
  }
}

/**
 * `ALPR_CONSOLE_BOOTSTRAP_USER=username:password:role[:training-date]` for scripted installs.
 * The password may not contain ':'; the training date is YYYY-MM-DD.
 */
export function parseBootstrapUser(spec: string): NewUser {
  const parts = spec.split(':');
  if (parts.length < 3 || parts.length > 4) {
    throw new UserError('ALPR_CONSOLE_BOOTSTRAP_USER must be username:password:role[:training-date]');
  }
  const [username, password, role, trainingDate] = parts as [string, string, string, string?];
  if (!/^[a-z0-9._-]{2,64}$/i.test(username)) throw new UserError(`bootstrap user: bad username "${username}"`);
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new UserError(`bootstrap user: role must be one of ${ROLES.join(', ')}`);
  }
  if (trainingDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(trainingDate)) {
    throw new UserError('bootstrap user: training date must be YYYY-MM-DD');
  }
  return {
    username,
    password,
    role: role as Role,
    displayName: username,
    trainingDate: trainingDate ?? null,
  };
}
