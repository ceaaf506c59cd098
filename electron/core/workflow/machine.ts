/**
 * The verification workflow as a pure state machine (DESIGN.md; Claremont 820.8). A hit's
 * state is its last step (HIT_STATUSES) plus the CLETS status once known; the order the agency
 * set when the hit was opened decides what may come next. Exactly one step is next at any time
 * (the plate check has two outcomes), so nothing can be skipped or taken out of order.
 *
 *   claremont:   opened -> plate-check -> broadcast -> clets-sent -> clets-result
 *                -> results-broadcast -> disposed
 *   clets-first: opened -> plate-check -> clets-sent -> clets-result -> broadcast
 *                -> results-broadcast -> disposed
 *
 * Endings without Dispose: a misread plate check ends the hit as `misread`; a cleared or
 * no-record CLETS result ends it as `stale-list`, after the results ("disregard") broadcast
 * in Claremont's order and at once in CLETS-first order, where nothing was broadcast yet.
 * A hit whose officer entry was withdrawn may end as `entry-withdrawn` out of order, once
 * opened and only while nothing has gone out on the radio (`endWithdrawnRefusal`); after a
 * hit broadcast, patrol needs the disregard, which the usual steps give.
 */
import {
  AUTOMATIC_DISPOSITIONS,
  isEnded,
  STATUS_LABELS,
  type HitStatus,
  type NextStep,
  type Stage,
  type WorkflowOrder,
} from '../../contract/workflow';
import type { CletsStatus, WorkflowStep } from '../../contract/hub';

export interface WorkflowState {
  status: HitStatus;
  cletsStatus: CletsStatus | null;
}

export type Move =
  | { step: 'opened' }
  | { step: 'plate-check'; outcome: 'confirmed' | 'misread' }
  | { step: 'broadcast' }
  | { step: 'clets-sent' }
  | { step: 'clets-result'; outcome: CletsStatus }
  | { step: 'results-broadcast' }
  | { step: 'disposed'; outcome: string };

export type Ending = (typeof AUTOMATIC_DISPOSITIONS)[number];

export type Advance =
  | { ok: true; state: WorkflowState; ending: Ending | null }
  | { ok: false; error: string };

const NEEDS: Readonly<Record<WorkflowStep, NextStep>> = {
  opened: 'open',
  'plate-check': 'plate-check',
  broadcast: 'broadcast',
  'clets-sent': 'clets-query',
  'clets-result': 'clets-result',
  'results-broadcast': 'results-broadcast',
  disposed: 'dispose',
};

const NEXT_LABELS: Readonly<Record<NextStep, string>> = {
  open: 'open the hit',
  'plate-check': 'the plate check',
  broadcast: 'the hit broadcast',
  'clets-query': 'the CLETS query',
  'clets-result': 'the CLETS result',
  'results-broadcast': 'the results broadcast',
  dispose: 'the disposition',
};

export function nextStep(order: WorkflowOrder, state: WorkflowState): NextStep | null {
  const claremont = order === 'claremont';
  switch (state.status) {
    case 'new':
      return 'open';
    case 'opened':
      return 'plate-check';
    case 'plate-confirmed':
      return claremont ? 'broadcast' : 'clets-query';
    case 'broadcast':
      return claremont ? 'clets-query' : 'results-broadcast';
    case 'clets-sent':
      return 'clets-result';
    case 'clets-answered':
      return claremont ? 'results-broadcast' : 'broadcast';
    case 'results-broadcast':
      return 'dispose';
    case 'misread':
    case 'stale-list':
    case 'entry-withdrawn':
    case 'disposed':
      return null;
  }
}

/** Whether the hit broadcast has been read on the radio (the order decides when it comes). */
function broadcastGoneOut(order: WorkflowOrder, status: HitStatus): boolean {
  const after: readonly HitStatus[] =
    order === 'claremont' ? ['broadcast', 'clets-sent', 'clets-answered', 'results-broadcast'] : ['broadcast', 'results-broadcast'];
  return after.includes(status);
}

/**
 * May a hit whose officer entry was withdrawn end as `entry-withdrawn` now? Null when it may,
 * or why not. (Whether the entry was withdrawn is the caller's fact to check.)
 */
export function endWithdrawnRefusal(order: WorkflowOrder, state: WorkflowState): string | null {
  if (isEnded(state.status)) return `this hit has ended (${STATUS_LABELS[state.status].toLowerCase()}); no further steps`;
  if (state.status === 'new') return 'open the hit first';
  if (broadcastGoneOut(order, state.status)) {
    return 'the hit has been broadcast: patrol needs the disregard, so go on with the CLETS query and the results broadcast';
  }
  return null;
}

/** The state a step leads to, without asking whether it was allowed (for steps other consoles took). */
export function stateAfter(order: WorkflowOrder, state: WorkflowState, move: Move): { state: WorkflowState; ending: Ending | null } {
  const to = (status: HitStatus, cletsStatus = state.cletsStatus, ending: Ending | null = null) => ({
    state: { status, cletsStatus },
    ending,
  });
  switch (move.step) {
    case 'opened':
      // Opening is the first step only: another user opening a hit already worked (its
      // timeline merged from the hub afterwards) does not take it back.
      return state.status === 'new' ? to('opened') : { state, ending: null };
    case 'plate-check':
      return move.outcome === 'confirmed' ? to('plate-confirmed') : to('misread', state.cletsStatus, 'misread');
    case 'broadcast':
      return to('broadcast');
    case 'clets-sent':
      return to('clets-sent');
    case 'clets-result':
      if (order === 'clets-first' && move.outcome !== 'active') return to('stale-list', move.outcome, 'stale-list');
      return to('clets-answered', move.outcome);
    case 'results-broadcast':
      return state.cletsStatus === 'active' ? to('results-broadcast') : to('stale-list', state.cletsStatus, 'stale-list');
    case 'disposed':
      if (move.outcome === 'misread') return to('misread', state.cletsStatus);
      if (move.outcome === 'stale-list') return to('stale-list', state.cletsStatus);
      if (move.outcome === 'entry-withdrawn') return to('entry-withdrawn', state.cletsStatus);
      return to('disposed');
  }
}

/** The one legal way forward, or a refusal that says what is next instead. */
export function advance(order: WorkflowOrder, state: WorkflowState, move: Move): Advance {
  const next = nextStep(order, state);
  if (next === null) {
    return { ok: false, error: `this hit has ended (${STATUS_LABELS[state.status].toLowerCase()}); no further steps` };
  }
  if (NEEDS[move.step] !== next) {
    return { ok: false, error: `${NEXT_LABELS[NEEDS[move.step]]} is not the next step for this hit: ${NEXT_LABELS[next]} is` };
  }
  if (move.step === 'disposed' && (AUTOMATIC_DISPOSITIONS as readonly string[]).includes(move.outcome)) {
    return { ok: false, error: `${move.outcome} is set by the workflow itself, not by Dispose` };
  }
  return { ok: true, ...stateAfter(order, state, move) };
}

/** `advance` for the `entry-withdrawn` ending, which comes out of order (see endWithdrawnRefusal). */
export function advanceWithdrawn(order: WorkflowOrder, state: WorkflowState): Advance {
  const refusal = endWithdrawnRefusal(order, state);
  if (refusal !== null) return { ok: false, error: refusal };
  return { ok: true, ...stateAfter(order, state, { step: 'disposed', outcome: 'entry-withdrawn' }) };
}

const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  'plate-check': 'Plate check',
  broadcast: 'Hit broadcast',
  clets: 'CLETS query',
  'results-broadcast': 'Results broadcast',
  dispose: 'Disposition',
};

const STAGE_OF: Readonly<Record<NextStep, Stage | null>> = {
  open: null,
  'plate-check': 'plate-check',
  broadcast: 'broadcast',
  'clets-query': 'clets',
  'clets-result': 'clets',
  'results-broadcast': 'results-broadcast',
  dispose: 'dispose',
};

/**
 * The hit's progress as stages in the agency's order: what is done, current, to do, or
 * skipped. `taken`, the steps in the hit's timeline, tells what was done before a withdrawn
 * ending, which can come at more than one point.
 */
export function stages(order: WorkflowOrder, state: WorkflowState, taken: ReadonlySet<WorkflowStep> = new Set()): { key: Stage; label: string; state: 'done' | 'current' | 'todo' | 'skipped' }[] {
  const keys: Stage[] =
    order === 'claremont'
      ? ['plate-check', 'broadcast', 'clets', 'results-broadcast', 'dispose']
      : ['plate-check', 'clets', 'broadcast', 'results-broadcast', 'dispose'];
  const next = nextStep(order, state);
  const current = next ? STAGE_OF[next] : null;
  const reached = (key: Stage): boolean => {
    switch (state.status) {
      case 'new':
      case 'opened':
        return false;
      case 'misread':
        return key === 'plate-check';
      case 'stale-list':
        return order === 'claremont' ? key !== 'dispose' : key === 'plate-check' || key === 'clets';
      case 'entry-withdrawn':
        // Ended before any broadcast: at most the plate check and (CLETS first) the query.
        return key === 'plate-check' ? taken.has('plate-check') : key === 'clets' && taken.has('clets-sent');
      case 'disposed':
        return true;
      default:
        return keys.indexOf(key) < keys.indexOf(current!);
    }
  };
  return keys.map((key) => ({
    key,
    label: STAGE_LABELS[key],
    state: key === current ? 'current' : reached(key) ? 'done' : isEnded(state.status) ? 'skipped' : 'todo',
  }));
}
