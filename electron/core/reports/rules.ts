/**
 * The agency's lookup rules (issue 4 item 1): whether a plate search and an export need a case
 * number whatever the purpose. Both default to true ("by default required for searches and
 * exports"); admins change them (reports:update-rules, audited). Pass the answer to
 * `requireLookupPurpose(..., { caseRequired })` and to the renderer's PurposeFields.
 */
import type { DB } from '../db/open';

export interface LookupRules {
  caseRequiredForSearch: boolean;
  caseRequiredForExport: boolean;
}

export const DEFAULT_LOOKUP_RULES: LookupRules = { caseRequiredForSearch: true, caseRequiredForExport: true };

export function lookupRules(db: DB): LookupRules {
  const row = db.prepare('SELECT case_required_for_search AS s, case_required_for_export AS e FROM lookup_rules WHERE id = 1').get() as
    | { s: number; e: number }
    | undefined;
  // A missing row can only come from a hand-edited file: fail safe, to the stricter default.
  if (!row) return { ...DEFAULT_LOOKUP_RULES };
  return { caseRequiredForSearch: row.s === 1, caseRequiredForExport: row.e === 1 };
}

/** Writes the rules; the caller holds the transaction and writes the audit record with it. */
export function saveLookupRules(db: DB, rules: LookupRules): void {
  db.prepare(
    `INSERT INTO lookup_rules (id, case_required_for_search, case_required_for_export) VALUES (1, @s, @e)
     ON CONFLICT (id) DO UPDATE SET case_required_for_search = @s, case_required_for_export = @e`,
  ).run({ s: rules.caseRequiredForSearch ? 1 : 0, e: rules.caseRequiredForExport ? 1 : 0 });
}
