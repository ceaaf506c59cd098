/**
 * The workflow view of one hit, as every workflow call returns it: where the hit stands, what
 * is next, whether this user may take it here, what to read on the radio, the CLETS return
 * and the timeline. Built from the stored hit only, so the UI renders facts, not guesses.
 */
import {
  AUTOMATIC_DISPOSITIONS,
  isEnded,
  OTHER_REASON,
  SUPERVISORS,
  type Choice,
  type ClaimHolderView,
  type Role,
  type TimelineEntry,
  type WorkflowOrder,
  type WorkflowSettings,
  type WorkflowView,
} from '../../contract';
import { STEP_OUTCOMES, type CletsFields, type CletsResponse, type HotlistMatch, type WorkflowStep } from '../../contract/hub';
import { hitBroadcast, resultsBroadcast, type ScriptHit } from '../broadcast/scripts';
import { composeQuery } from '../clets/compose';
import { cletsDifferences } from '../clets/differences';
import { endWithdrawnRefusal, nextStep, stages } from './machine';
import { withdrawnOf } from '../hits/store';
import { dispositionUnits, type EventRow, type WorkflowRow } from './store';

interface ViewContext {
  workstationId: string;
  /** Who looks: a hit this console holds for another user signed in here now is theirs. */
  username: string;
  /** Whether a user is signed in at this console now (in another window or tab). */
  signedInHere(username: string): boolean;
  role: Role;
  hubConnected: boolean;
  ori: string;
  settings: WorkflowSettings;
}

export interface StoredResponse extends CletsResponse {
  receivedAt: string;
}

const CLETS_WORDS = { active: 'ACTIVE', cleared: 'CLEARED', 'no-record': 'NO RECORD' } as const;

export const AUTOMATIC_LABELS: Readonly<Record<(typeof AUTOMATIC_DISPOSITIONS)[number], string>> = {
  misread: 'Misread',
  'stale-list': 'Stale list (CLETS: not active)',
  'entry-withdrawn': 'Entry withdrawn (not broadcast)',
};

export function orderOf(row: WorkflowRow, settings: WorkflowSettings): WorkflowOrder {
  return row.workflow_order ?? settings.order;
}

export function holderOf(row: WorkflowRow): ClaimHolderView | null {
  if (!row.claim_workstation) return null;
  return {
    displayName: row.claim_display_name ?? row.claim_username ?? '',
    username: row.claim_username ?? '',
    workstationId: row.claim_workstation,
    at: row.claim_at ?? '',
  };
}

export const describeHolder = (h: ClaimHolderView) => `Being handled by ${h.displayName} at ${h.workstationId}`;

export function label(choices: readonly Choice[], code: string): string {
  if (code === OTHER_REASON) return 'Other';
  if (code in AUTOMATIC_LABELS) return AUTOMATIC_LABELS[code as keyof typeof AUTOMATIC_LABELS];
  return choices.find((c) => c.code === code)?.label ?? code;
}

export function scriptHit(row: WorkflowRow, match: HotlistMatch): ScriptHit {
  return {
    plate: row.read_plate,
    state: row.read_state,
    cameraName: row.camera_name,
    direction: row.direction,
    capturedAt: row.captured_at,
    reason: match.reason,
    list: match.list,
    vehicle: match.vehicle ?? null,
    retroactive: row.retroactive === 1,
    ...(row.withdrawn ? { withdrawn: withdrawnOf(row.withdrawn) } : {}),
  };
}

/** What a CLETS status means in one line, for the timeline and the hub. */
export function cletsSummary(status: CletsResponse['status'], f: CletsFields): string {
  const parts: string[] = [CLETS_WORDS[status]];
  if (status === 'active') {
    if (f.mke) parts.push(f.mke);
    if (f.oca) parts.push(`OCA ${f.oca}`);
    for (const c of f.cautions) parts.push(`CAUTION ${c}`);
  }
  if (status === 'cleared' && f.clearedOn) parts.push(`on ${f.clearedOn}`);
  return parts.join(' · ');
}

function timelineLabel(e: EventRow, settings: WorkflowSettings): string {
  switch (e.step) {
    case 'claimed':
      return `Claimed by ${e.display_name}`;
    case 'released':
      return 'Claim released';
    case 'taken-over':
      return `Taken over by ${e.display_name}`;
    case 'opened':
      return 'Opened';
    case 'plate-check':
      return e.outcome === 'misread' ? 'Plate check: misread' : 'Plate check: confirmed';
    case 'broadcast':
      return 'Hit broadcast';
    case 'clets-sent':
      return 'CLETS query sent';
    case 'clets-result':
      return `CLETS: ${CLETS_WORDS[e.outcome as keyof typeof CLETS_WORDS] ?? e.outcome}`;
    case 'results-broadcast':
      return 'Results broadcast';
    case 'disposed':
      return `Disposition: ${label(settings.dispositionCodes, e.outcome ?? '')}`;
  }
}

export function buildView(
  row: WorkflowRow,
  events: readonly EventRow[],
  match: HotlistMatch,
  response: StoredResponse | null,
  vc: ViewContext,
): WorkflowView {
  const { settings } = vc;
  const order = orderOf(row, settings);
  const state = { status: row.status, cletsStatus: row.clets_status };
  const next = nextStep(order, state);
  const holder = holderOf(row);
  const mine = holder?.workstationId === vc.workstationId && (holder.username === vc.username || !vc.signedInHere(holder.username));
  const ended = isEnded(row.status);
  const blockedReason = ended
    ? 'This hit has ended.'
    : holder && !mine
      ? `${describeHolder(holder)}.`
      : null;
  const hit = scriptHit(row, match);
  // For a hit whose officer entry was withdrawn: null while it may end as such, else why not.
  const withdrawnRefusal = row.withdrawn !== null ? endWithdrawnRefusal(order, state) : undefined;
  // (A hit ended as withdrawn never went out: no script to read.)
  const pastPlateCheck = !['new', 'opened', 'misread', 'entry-withdrawn'].includes(row.status);
  const cletsStatus = row.clets_status;
  const fields: CletsFields = response?.fields ?? { ori: vc.ori, plate: row.read_plate, state: row.read_state, cautions: [] };
  const differences = cletsStatus ? cletsDifferences(cletsStatus, fields, match) : [];
  const disposedBy = [...events].reverse().find((e) => e.step === 'disposed');
  const units = dispositionUnits(row);
  const timeline: TimelineEntry[] = events.map((e) => ({
    step: e.step,
    label: timelineLabel(e, settings),
    detail: e.detail,
    at: e.at,
    by: e.display_name,
    workstationId: e.workstation_id,
    report: e.source === 'local' ? e.report : null,
    reportError: e.report_error,
  }));
  return {
    hitId: row.id,
    order,
    status: row.status,
    next,
    stages: stages(order, state, new Set(events.flatMap((e) => (e.step in STEP_OUTCOMES ? [e.step as WorkflowStep] : [])))),
    capturedAt: row.captured_at,
    lastStepAt: row.last_step_at,
    claim: { holder, mine, confirmed: row.claim_confirmed === 1 },
    canAct: !ended && (holder === null || mine),
    blockedReason,
    canTakeOver: !ended && holder !== null && !mine && vc.hubConnected && SUPERVISORS.includes(vc.role),
    ...(withdrawnRefusal !== undefined && !ended ? { withdrawnEnd: { allowed: withdrawnRefusal === null, reason: withdrawnRefusal } } : {}),
    hubConnected: vc.hubConnected,
    // A withdrawn entry's hit that has not gone out is not read on the radio (it ends with W).
    hitScript: pastPlateCheck && (order === 'claremont' || cletsStatus === 'active') && withdrawnRefusal !== null ? hitBroadcast(hit, order) : null,
    resultsScript: cletsStatus ? resultsBroadcast(hit, { status: cletsStatus, fields, differences }) : null,
    clets: {
      adapter: settings.cletsAdapter === 'hub' && vc.hubConnected ? 'hub' : 'manual',
      message:
        row.clets_message ?? composeQuery({ ori: vc.ori, plate: row.read_plate, state: row.read_state }, settings.cletsTemplate),
      via: row.clets_via,
      sentAt: row.clets_sent_at,
      response: response && { status: response.status, text: response.text, fields: response.fields, receivedAt: response.receivedAt },
      differences,
    },
    misread: row.misread_reason
      ? {
          reason: row.misread_reason,
          label: label(settings.misreadReasons, row.misread_reason),
          note: row.misread_note,
          correctedPlate: row.corrected_plate,
          correctedState: row.corrected_state,
        }
      : null,
    ending: row.disposition
      ? {
          disposition: row.disposition,
          label: label(settings.dispositionCodes, row.disposition),
          notes: row.disposition_notes,
          units,
          at: row.ended_at ?? disposedBy?.at ?? '',
          by: disposedBy?.display_name ?? '',
        }
      : null,
    timeline,
    misreadReasons: settings.misreadReasons,
    dispositionCodes: settings.dispositionCodes,
  };
}
