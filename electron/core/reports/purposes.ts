/**
 * The agency's purposes list (issue 4 item 1), as admins keep it: add, rename (only purposes
 * the agency added: the built-in ones are the policy's own words), retire and reactivate, and
 * whether a purpose needs a case number. A retired purpose stays in the table so old audit
 * records keep their meaning; `requireLookupPurpose` refuses it for new lookups.
 * The console's own purposes (hit confirmation, audit administration) cannot be retired or
 * changed: the workflow and the audit review use them without asking.
 */
import { PURPOSE_ADMINISTRATION, PURPOSE_HIT_CONFIRMATION, type ManagedPurpose } from '../../contract';
import type { DB } from '../db/open';
import { CallFailure } from '../errors';

export const CONSOLE_PURPOSES = [PURPOSE_HIT_CONFIRMATION, PURPOSE_ADMINISTRATION] as const;

interface Row {
  id: number;
  label: string;
  requires_case_number: number;
  active: number;
  builtin: number;
}

const view = (r: Row): ManagedPurpose => ({
  id: r.id,
  label: r.label,
  requiresCaseNumber: r.requires_case_number === 1,
  active: r.active === 1,
  builtin: r.builtin === 1,
});

export function allPurposes(db: DB): ManagedPurpose[] {
  return (db.prepare('SELECT * FROM purposes ORDER BY id').all() as Row[]).map(view);
}

function byId(db: DB, id: number): ManagedPurpose {
  const row = db.prepare('SELECT * FROM purposes WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new CallFailure('not-found', `no purpose ${id}`);
  return view(row);
}

function refuseDuplicate(db: DB, label: string, except: number | null): void {
  const clash = db.prepare('SELECT id FROM purposes WHERE lower(label) = lower(?) AND id IS NOT ?').get(label, except) as { id: number } | undefined;
  if (clash) throw new CallFailure('conflict', `a purpose "${label}" already exists`, ['label: choose another name']);
}

/** Inside the caller's transaction (with its audit record). */
export function addPurpose(db: DB, label: string, requiresCaseNumber: boolean): ManagedPurpose {
  refuseDuplicate(db, label, null);
  const id = Number(db.prepare('INSERT INTO purposes (label, requires_case_number, active, builtin) VALUES (?, ?, 1, 0)').run(label, requiresCaseNumber ? 1 : 0).lastInsertRowid);
  return byId(db, id);
}

export interface PurposeChange {
  label?: string;
  requiresCaseNumber?: boolean;
  active?: boolean;
}

/** Inside the caller's transaction (with its audit record); the purpose before and after. */
export function updatePurpose(db: DB, id: number, change: PurposeChange): { before: ManagedPurpose; after: ManagedPurpose } {
  const before = byId(db, id);
  const own = (CONSOLE_PURPOSES as readonly string[]).includes(before.label);
  if (own && ((change.active !== undefined && change.active !== before.active) || (change.requiresCaseNumber !== undefined && change.requiresCaseNumber !== before.requiresCaseNumber))) {
    throw new CallFailure('invalid-input', `"${before.label}" is the console's own purpose and cannot be changed`);
  }
  if (change.label !== undefined && change.label !== before.label) {
    if (before.builtin) throw new CallFailure('invalid-input', `"${before.label}" is built in (the agency policy's words) and cannot be renamed; retire it and add your own instead`, ['label: built-in purposes keep their name']);
    refuseDuplicate(db, change.label, id);
  }
  db.prepare(
    `UPDATE purposes SET label = coalesce(@label, label), requires_case_number = coalesce(@req, requires_case_number), active = coalesce(@active, active) WHERE id = @id`,
  ).run({
    id,
    label: change.label ?? null,
    req: change.requiresCaseNumber === undefined ? null : change.requiresCaseNumber ? 1 : 0,
    active: change.active === undefined ? null : change.active ? 1 : 0,
  });
  return { before, after: byId(db, id) };
}
