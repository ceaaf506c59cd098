/**
 * User accounts: create, edit, disable, verify a password with lockout after repeated
 * failures (CJIS AC-7), training records. The calls that expose these live in
 * session/handlers.ts and session/admin-handlers.ts, which audit every change.
 */
import type { DB } from '../db/open';
import { calendarDateSchema, ROLES, type AdminUser, type Role, type User } from '../../contract';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import { isCommonPassword } from './common-passwords';
import { localDate } from '../shiftlog/periods';

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
  failed_count: number;
  first_failed_at: string | null;
  locked_at: string | null;
  training_course: string | null;
  training_trainer: string | null;
  must_change_password: number;
}

/** AC-7: this many consecutive failures within the window lock the account. */
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;

export type AuthResult =
  | { ok: true; user: User }
  /** `locked`: this attempt locked it (the 5th failure) or it already was. */
  | { ok: false; reason: 'wrong' | 'disabled' | 'locked'; justLocked: boolean; user: User | null };

export interface NewUser {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  badge?: string | null;
  agency?: string | null;
  trainingDate?: string | null;
  /** Set by an administrator: the user chooses their own password at the next sign-in. */
  temporaryPassword?: boolean;
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

/** Usernames this long or longer may not appear in their own password (shorter ones would refuse by chance). */
const USERNAME_IN_PASSWORD_MIN = 4;

/**
 * Length, the common-password list and the account's own username (NIST SP 800-63B: context
 * words are the first a guesser tries); throws a UserError naming the field.
 */
export function checkNewPassword(password: string, username: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UserError('password too short', [`${field}: at least ${MIN_PASSWORD_LENGTH} characters`]);
  }
  if (isCommonPassword(password)) {
    throw new UserError('password too common', [`${field}: this password is on the list of common or breached passwords; choose another`]);
  }
  if (username.length >= USERNAME_IN_PASSWORD_MIN && password.toLowerCase().includes(username.toLowerCase())) {
    throw new UserError('password contains the username', [`${field}: must not contain the username (${username})`]);
  }
}

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

  /** Administrators who can sign in (not disabled). */
  activeAdmins(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as { n: number }).n;
  }

  exists(username: string): boolean {
    // The column compares without case (migration 0001).
    return this.db.prepare('SELECT 1 FROM users WHERE username = ?').get(username) !== undefined;
  }

  byId(id: number): User | null {
    const row = this.db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
    return row ? toUser(row) : null;
  }

  private row(id: number): UserRow | undefined {
    return this.db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
  }

  /** The admin's view of an account. */
  adminView(id: number): AdminUser | null {
    const r = this.row(id);
    if (!r) return null;
    const ack = this.db
      .prepare<[number], { version: number; at: string }>('SELECT version, at FROM policy_acks WHERE user_id = ? ORDER BY version DESC, at DESC LIMIT 1')
      .get(id);
    const { trainingDate: _t, ...user } = toUser(r);
    return {
      ...user,
      disabled: r.disabled !== 0,
      locked: r.locked_at !== null,
      training: r.training_date ? { date: r.training_date, course: r.training_course ?? '', trainer: r.training_trainer ?? '' } : null,
      acknowledged: ack ?? null,
      passwordChangeRequired: r.must_change_password !== 0,
    };
  }

  list(): AdminUser[] {
    const ids = this.db.prepare<[], { id: number }>('SELECT id FROM users ORDER BY username').all();
    return ids.map(({ id }) => this.adminView(id)!);
  }

  /** Edits the fields an admin may change; returns the previous role. */
  update(id: number, fields: { displayName: string; badge: string | null; agency: string | null; role: Role }): Role {
    const before = this.row(id);
    if (!before) throw new UserError('no such user');
    this.db
      .prepare('UPDATE users SET display_name = ?, badge = ?, agency = ?, role = ? WHERE id = ?')
      .run(fields.displayName, fields.badge || null, fields.agency || null, fields.role, id);
    return before.role;
  }

  setDisabled(id: number, disabled: boolean): void {
    if (this.db.prepare('UPDATE users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id).changes !== 1) throw new UserError('no such user');
  }

  unlock(id: number): boolean {
    const r = this.row(id);
    if (!r) throw new UserError('no such user');
    this.db.prepare('UPDATE users SET locked_at = NULL, failed_count = 0, first_failed_at = NULL WHERE id = ?').run(id);
    return r.locked_at !== null;
  }

  recordTraining(id: number, t: { date: string; course: string; trainer: string }): void {
    const n = this.db
      .prepare('UPDATE users SET training_date = ?, training_course = ?, training_trainer = ? WHERE id = ?')
      .run(t.date, t.course, t.trainer, id).changes;
    if (n !== 1) throw new UserError('no such user');
  }

  /**
   * Checks and hashes a new password (slow); `set` then stores it, inside the caller's
   * transaction. `temporary`: an administrator set it, so the user must replace it at the next
   * sign-in; the user's own new password ends that.
   */
  async preparePassword(password: string, username: string, field = 'password', temporary = false): Promise<(id: number, replacing?: string) => void> {
    checkNewPassword(password, username, field);
    const hash = await hashPassword(password);
    /** `replacing`: the hash the change was checked against; another change since refuses it. */
    return (id, replacing) => {
      const n = this.db
        .prepare('UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ? AND (? IS NULL OR password_hash = ?)')
        .run(hash, temporary ? 1 : 0, id, replacing ?? null, replacing ?? null).changes;
      if (n === 1) return;
      if (replacing && this.row(id)) throw new UserError('password changed meanwhile', ['current: your password was changed meanwhile (an administrator reset it?); sign in again']);
      throw new UserError('no such user');
    };
  }

  /** The stored hash, to make sure a change applies to the password it was checked against. */
  passwordHash(id: number): string | null {
    return this.row(id)?.password_hash ?? null;
  }

  /** Whether the user still has a password an administrator set (see `preparePassword`). */
  passwordChangeRequired(id: number): boolean {
    return this.row(id)?.must_change_password === 1;
  }

  /** Verifies a password without counting failures (unlocking a locked session counts: see `authenticate`). */
  async verify(id: number, password: string): Promise<boolean> {
    const r = this.row(id);
    return verifyPassword(password, r?.password_hash ?? (await dummyPasswordHash()));
  }

  /** Hashes first (slow, async), then inserts inside `write` so the caller can audit atomically. */
  async create(input: NewUser, write: (insert: () => User) => User = (insert) => insert()): Promise<User> {
    checkNewPassword(input.password, input.username);
    if (!ROLES.includes(input.role)) throw new UserError('unknown role', [`role: one of ${ROLES.join(', ')}`]);
    const hash = await hashPassword(input.password);
    return write(() => {
      if (this.exists(input.username)) throw new UserError('username taken', [`username: ${input.username} already exists`]);
      const info = this.db
        .prepare(
          `INSERT INTO users (username, display_name, badge, agency, role, password_hash, training_date, created_at, must_change_password)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
          input.temporaryPassword ? 1 : 0,
        );
      return this.byId(Number(info.lastInsertRowid))!;
    });
  }

  /** Failures against names that do not exist, counted the same way so the lockout tells nothing. */
  private readonly ghostFailures = new Map<string, { count: number; first: number }>();

  /**
   * Verifies a sign-in (same timing whether or not the user exists). AC-7: five consecutive
   * failures within 15 minutes lock the account until an admin unlocks it; a locked account
   * is refused even with the right password. Unknown names lock the same way (in memory),
   * so the lockout message does not reveal which names exist.
   */
  async authenticate(username: string, password: string): Promise<AuthResult> {
    const row = this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?').get(username);
    const ok = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()));
    const nowMs = this.now().getTime();
    if (!row) {
      const key = username.toLowerCase();
      const g = this.ghostFailures.get(key);
      const fresh = !g || nowMs - g.first > FAILURE_WINDOW_MS;
      const next = fresh ? { count: 1, first: nowMs } : { count: g.count + 1, first: g.first };
      if (this.ghostFailures.size > 10_000) this.ghostFailures.clear();
      this.ghostFailures.set(key, next);
      return { ok: false, reason: next.count >= MAX_FAILURES ? 'locked' : 'wrong', justLocked: false, user: null };
    }
    const user = toUser(row);
    // Re-read after the slow hash: a concurrent attempt may have locked it meanwhile.
    const current = this.row(row.id)!;
    if (current.locked_at) return { ok: false, reason: 'locked', justLocked: false, user };
    if (ok && !current.disabled) {
      if (current.failed_count) this.db.prepare('UPDATE users SET failed_count = 0, first_failed_at = NULL WHERE id = ?').run(row.id);
      return { ok: true, user };
    }
    if (ok) return { ok: false, reason: 'disabled', justLocked: false, user };
    const windowOpen = current.first_failed_at !== null && nowMs - Date.parse(current.first_failed_at) <= FAILURE_WINDOW_MS;
    const count = windowOpen ? current.failed_count + 1 : 1;
    const first = windowOpen ? current.first_failed_at : this.now().toISOString();
    const lock = count >= MAX_FAILURES;
    this.db
      .prepare('UPDATE users SET failed_count = ?, first_failed_at = ?, locked_at = ? WHERE id = ?')
      .run(count, first, lock ? this.now().toISOString() : null, row.id);
    return { ok: false, reason: lock ? 'locked' : 'wrong', justLocked: lock, user };
  }
}

const EARLIEST_TRAINING = '2000-01-01';

/**
 * What is wrong with a training date (an administrator's, or provisioning's), if anything: a
 * real calendar date, not after today, and not before 2000 (police ALPR programmes, and their
 * training, began in the 2000s: an earlier year is a slip).
 */
export function trainingDateProblem(date: string, now: Date): { message: string; detail: string } | null {
  if (!calendarDateSchema.safeParse(date).success) return { message: 'the training date is not a real date', detail: 'date: YYYY-MM-DD' };
  if (date > localDate(now.getTime())) return { message: 'the training date is in the future', detail: 'date: not after today' };
  if (date < EARLIEST_TRAINING) return { message: `the training date is before ${EARLIEST_TRAINING.slice(0, 4)}: check the year`, detail: `date: ${EARLIEST_TRAINING} or later` };
  return null;
}

/**
 * `ALPR_CONSOLE_BOOTSTRAP_USER=username:password:role[:training-date]` for scripted installs.
 * The password may not contain ':'; the training date is YYYY-MM-DD.
 */
export function parseBootstrapUser(spec: string, now = new Date()): NewUser {
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
  const problem = trainingDate === undefined ? null : trainingDateProblem(trainingDate, now);
  if (problem) throw new UserError(`bootstrap user: ${problem.message} (${trainingDate})`);
  return {
    username,
    password,
    role: role as Role,
    displayName: username,
    trainingDate: trainingDate ?? null,
  };
}
