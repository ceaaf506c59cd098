/**
 * Purpose before data (issue 4, item 1). Every data-revealing call outside the hit workflow
 * (plate search, image view outside a hit, exports, sharing) carries a purpose from the
 * agency's list and, where needed, a case number. `requireLookupPurpose` checks them against
 * the `purposes` table and, when they do not hold, writes the refusal to the audit trail and
 * throws: no purpose, no data.
 *
 * A case number is needed when the purpose says so (requires_case_number) or when the kind of
 * lookup does (`caseRequired`: searches and exports by default, see electron/core/settings).
 */
import { PURPOSE_ADMINISTRATION, PURPOSE_HIT_CONFIRMATION, type LookupPurpose } from '../../contract';
import { actorOf, type CoreContext, type Session } from '../context';
import { CallFailure } from '../errors';

export interface PurposeRules {
  /** The kind of lookup needs a case number whatever the purpose. */
  caseRequired: boolean;
  /** An export of audit or shift records: "Audit / administration" may be its purpose. */
  administrative?: boolean;
}

export interface ResolvedPurpose {
  purposeId: number;
  purpose: string;
  caseNumber: string | null;
}

interface PurposeRow {
  id: number;
  label: string;
  requires_case_number: number;
  active: number;
}

/** Checks a purpose without touching the audit trail; returns the reason it fails, or the purpose. */
export function checkLookupPurpose(
  ctx: Pick<CoreContext, 'db'>,
  given: Partial<LookupPurpose> | undefined,
  opts: PurposeRules,
): ResolvedPurpose | { refused: string } {
  if (!given || typeof given.purposeId !== 'number') return { refused: 'no purpose given' };
  const row = ctx.db.prepare('SELECT id, label, requires_case_number, active FROM purposes WHERE id = ?').get(given.purposeId) as PurposeRow | undefined;
  if (!row) return { refused: `purpose ${given.purposeId} is not on the agency's list` };
  if (row.active !== 1) return { refused: `purpose "${row.label}" has been retired` };
  // The console's own purposes are its words for its own lookups: one chosen for a search
  // would read as workflow or audit work in the audit review (which does not flag those).
  if (row.label === PURPOSE_HIT_CONFIRMATION) {
    return { refused: `"${row.label}" is recorded by the console inside the hit workflow; choose the purpose of this lookup` };
  }
  if (row.label === PURPOSE_ADMINISTRATION && !opts.administrative) {
    return { refused: `"${row.label}" is for exports of audit and shift records; choose the purpose of this lookup` };
  }
  const caseNumber = given.caseNumber?.trim() || null;
  if (!caseNumber && (opts.caseRequired || row.requires_case_number === 1)) {
    return { refused: `a case number is required for "${row.label}"` };
  }
  return { purposeId: row.id, purpose: row.label, caseNumber };
}

/**
 * The purpose and case number for `action`, or a logged refusal (CallFailure 'invalid-input').
 * `data` is what the refused call asked for (plate, pattern ...), recorded with the refusal.
 */
export async function requireLookupPurpose(
  ctx: CoreContext,
  session: Session,
  action: string,
  given: Partial<LookupPurpose> | undefined,
  opts: PurposeRules & { data?: Record<string, unknown> },
): Promise<ResolvedPurpose> {
  const checked = checkLookupPurpose(ctx, given, opts);
  if ('refused' in checked) {
    await ctx.appendAudit({
      action,
      outcome: 'refused',
      actor: session.user ? actorOf(session.user) : null,
      ip: session.ip,
      data: { reason: checked.refused, ...(opts.data ?? {}) },
      caseNumber: given?.caseNumber?.trim() || null,
    });
    throw new CallFailure('invalid-input', `refused: ${checked.refused}`);
  }
  return checked;
}
