/**
 * Reports this console's steps upstream (`hit:status`) in the order they were taken, and keeps
 * trying until the hub has them: a step taken while the hub was unreachable is stored as
 * pending and sent when the link comes back. Before a hit's steps go out the console claims the
 * hit again (harmless when it already holds it); if another console got the hit meanwhile, the
 * hub would refuse them anyway, so they are marked refused with who holds it and kept here.
 */
import {
  hitClaimAckSchema,
  hitStatusReportAckSchema,
  type ConsoleUser,
  type HitStatusReport,
  type WorkflowStep,
} from '../../contract/hub';
import { HubRequestError, type HubClient } from '../hub-client/client';
import type { EventRow, WorkflowStore } from './store';

export interface ReporterDeps {
  store: WorkflowStore;
  hub: HubClient | null;
  commit<T>(work: () => T): Promise<T>;
  log(line: string): void;
  /** A hit's report state or claim changed: its queue item and view should be sent again. */
  changed(hitId: string): void;
}

const MAX_DETAIL = 2000;

function reportOf(e: EventRow): HitStatusReport {
  return {
    hitId: e.hit_id,
    step: e.step as WorkflowStep,
    ...(e.outcome === null ? {} : { outcome: e.outcome }),
    ...(e.detail === null ? {} : { detail: e.detail.slice(0, MAX_DETAIL) }),
    at: e.at,
    user: { username: e.username, displayName: e.display_name },
  };
}

export class StatusReporter {
  private running = false;
  private again = false;

  constructor(private readonly deps: ReporterDeps) {}

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void (async () => {
      try {
        do {
          this.again = false;
          await this.flush();
        } while (this.again);
      } catch (err) {
        this.deps.log(`reporting workflow steps to the hub failed: ${(err as Error).message}`);
      } finally {
        this.running = false;
      }
    })();
  }

  private async flush(): Promise<void> {
    const { hub, store } = this.deps;
    if (!hub) return;
    for (const hitId of store.pendingHits()) {
      if (hub.state.state !== 'connected') return;
      const events = store.pendingOf(hitId);
      const first = events[0];
      if (!first) continue;
      const user: ConsoleUser = { username: first.username, displayName: first.display_name };
      try {
        if (!(await this.claim(hub, hitId, user, events))) continue;
        for (const e of events) {
          const ack = await hub.request('hit:status', reportOf(e), hitStatusReportAckSchema);
          await this.deps.commit(() => store.markReport(e.id, ack.ok ? 'sent' : 'refused', ack.ok ? null : ack.error));
          if (!ack.ok) this.deps.log(`the hub refused step ${e.step} of hit ${hitId}: ${ack.error}`);
        }
      } catch (err) {
        if (err instanceof HubRequestError) return;
        throw err;
      }
      const row = store.row(hitId);
      if (row?.ended_at && row.claim_workstation === first.workstation_id) hub.notify('hit:release', { hitId, user });
      this.deps.changed(hitId);
    }
  }

  /** True when this console holds the hit at the hub now; otherwise its pending steps are refused. */
  private async claim(hub: HubClient, hitId: string, user: ConsoleUser, events: readonly EventRow[]): Promise<boolean> {
    const { store } = this.deps;
    const ack = await hub.request('hit:claim', { hitId, user }, hitClaimAckSchema);
    if (ack.ok) {
      await this.deps.commit(() => store.setClaim(hitId, ack.claimedBy, true));
      return true;
    }
    const reason =
      'claimedBy' in ack
        ? `the hub did not take this step: ${ack.claimedBy.user.displayName} at ${ack.claimedBy.workstationId} holds the hit`
        : `the hub did not take this step: ${ack.error}`;
    await this.deps.commit(() => {
      for (const e of events) store.markReport(e.id, 'refused', reason);
      if ('claimedBy' in ack) store.setClaim(hitId, ack.claimedBy, true);
    });
    this.deps.log(`hit ${hitId}: ${events.length} step(s) taken here were not accepted upstream (${reason})`);
    this.deps.changed(hitId);
    return false;
  }
}
