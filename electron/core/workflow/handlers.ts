/** The workflow's share of the contract: every step goes through `Workflow`, nothing is decided here. */
import type { Handlers } from '../context';
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
  | 'workflow:take-over'
  | 'workflow:settings'
  | 'workflow:update-settings';

export function workflowHandlers(workflow: Workflow): Pick<Handlers, WorkflowChannels> {
  return {
    'workflow:state': ({ hitId }, session) => workflow.view(hitId, session),
    'workflow:confirm-plate': ({ hitId }, session) => workflow.confirmPlate(hitId, session),
    'workflow:misread': (input, session) => workflow.misread(input, session),
    'workflow:mark-broadcast': ({ hitId }, session) => workflow.markBroadcast(hitId, session),
    'workflow:run-clets': (input, session) => workflow.runClets(input, session),
    'workflow:record-clets': (input, session) => workflow.recordClets(input, session),
    'workflow:mark-results-broadcast': ({ hitId }, session) => workflow.markResultsBroadcast(hitId, session),
    'workflow:dispose': (input, session) => workflow.dispose(input, session),
    'workflow:take-over': ({ hitId, reason }, session) => workflow.takeOver(hitId, reason, session),
    'workflow:settings': () => workflow.settings(),
    'workflow:update-settings': (patch, session) => workflow.updateSettings(patch, session),
  };
}
