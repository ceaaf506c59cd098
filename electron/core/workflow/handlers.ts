/**
 * The workflow's share of the contract: every step goes through `Workflow`, nothing is decided
 * here. A hit from a list the user's role may not see is "no such hit" here as in `hits:open`.
 */
import { auditActionOf, type Channel } from '../../contract';
import type { CoreContext, Handlers, Session } from '../context';
import type { Workflow } from './workflow';

type WorkflowChannels =
  | 'workflow:state'
  | 'workflow:confirm-plate'
  | 'workflow:misread'
  | 'workflow:mark-broadcast'
  | 'workflow:run-clets'
  | 'workflow:record-clets'
  | 'workflow:mark-results-broadcast'
  | 'workflow:dispose'
  | 'workflow:end-withdrawn'
  | 'workflow:take-over'
  | 'workflow:settings'
  | 'workflow:update-settings';

export function workflowHandlers(ctx: CoreContext, workflow: Workflow): Pick<Handlers, WorkflowChannels> {
  // A hit the role may not see is "no such hit"; one this session has not opened (its lookup
  // recorded) shows nothing and takes no step.
  const visible = <I extends { hitId: string }, O>(channel: WorkflowChannels & `workflow:${string}`, fn: (input: I, session: Session) => O | Promise<O>) =>
    async (input: I, session: Session): Promise<O> => {
      await ctx.refuseHiddenHit(input.hitId, session, auditActionOf(channel));
      await workflow.requireLookup(input.hitId, session, channel);
      return fn(input, session);
    };
  return {
    'workflow:state': visible('workflow:state', ({ hitId }, session) => workflow.view(hitId, session)),
    'workflow:confirm-plate': visible('workflow:confirm-plate', ({ hitId }, session) => workflow.confirmPlate(hitId, session)),
    'workflow:misread': visible('workflow:misread', (input, session) => workflow.misread(input, session)),
    'workflow:mark-broadcast': visible('workflow:mark-broadcast', ({ hitId }, session) => workflow.markBroadcast(hitId, session)),
    'workflow:run-clets': visible('workflow:run-clets', (input, session) => workflow.runClets(input, session)),
    'workflow:record-clets': visible('workflow:record-clets', (input, session) => workflow.recordClets(input, session)),
    'workflow:mark-results-broadcast': visible('workflow:mark-results-broadcast', ({ hitId }, session) => workflow.markResultsBroadcast(hitId, session)),
    'workflow:dispose': visible('workflow:dispose', (input, session) => workflow.dispose(input, session)),
    'workflow:end-withdrawn': visible('workflow:end-withdrawn', (input, session) => workflow.endWithdrawn(input, session)),
    'workflow:take-over': visible('workflow:take-over', ({ hitId, reason }, session) => workflow.takeOver(hitId, reason, session)),
    'workflow:settings': () => workflow.settings(),
    'workflow:update-settings': (patch, session) => workflow.updateSettings(patch, session),
  };
}
