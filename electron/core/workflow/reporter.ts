/**
 * Reports this console's steps upstream (`hit:status`) in the order they were taken, and keeps
 * trying until the hub has them: a step taken while the hub was unreachable is stored as
 * pending and sent when the link comes back. A hit this console works without a claim the hub
 * confirmed (taken offline) is claimed first; if another console got it meanwhile, its steps
 * are marked refused with who holds it and kept here (the hub would refuse them anyway).
 * Hits released here because their user signed out are released at the hub after their own
 * steps, whenever the link allows (`hub_releases`).
 */
import {
  hitClaimAckSchema,
  hitReleaseAckSchema,
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
  /** A hit's steps were refused, or sent after the link came back: its view should be sent again. */
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
  private linkBack = false;

  constructor(private readonly deps: ReporterDeps) {}

  /**
   * `linkBack`: the hub link has just come back, so views showing steps as not yet reported
   * are sent again once they are.
   */
  kick(linkBack = false): void {
    this.linkBack ||= linkBack;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void (async () => {
      try {
        do {
          this.again = false;
          const announce = this.linkBack;
          this.linkBack = false;
          await this.flush(announce);
        } while (this.again);
      } catch (err) {
        this.deps.log(`reporting workflow steps to the hub failed: ${(err as Error).message}`);
      } finally {
        this.running = false;
      }
    })();
  }

  private async flush(announce: boolean): Promise<void> {
    const { hub, store } = this.deps;
    if (!hub) return;
    for (const hitId of store.pendingHits()) {
      if (hub.state.state !== 'connected') return;
      const events = store.pendingOf(hitId);
      const first = events[0];
      if (!first) continue;
      // Claimed in the name of who works the hit here now (another user may have taken it up
      // after the one who took these steps signed out), else of who took the first of them.
      const row = store.row(hitId);
      const user: ConsoleUser =
        row?.claim_workstation === first.workstation_id && row.claim_username
          ? { username: row.claim_username, displayName: row.claim_display_name ?? row.claim_username }
          : { username: first.username, displayName: first.display_name };
      const answers: { id: number; error: string | null }[] = [];
      try {
        if (!(await this.claim(hub, hitId, user, events))) continue;
        for (const e of events) {
          const ack = await hub.request('hit:status', reportOf(e), hitStatusReportAckSchema);
          answers.push({ id: e.id, error: ack.ok ? null : ack.error });
          if (!ack.ok) this.deps.log(`the hub refused step ${e.step} of hit ${hitId}: ${ack.error}`);
        }
      } catch (err) {
        if (!(err instanceof HubRequestError)) throw err;
      } finally {
        // One commit for the hit's answers: a step reported twice (the console stopped before
        // this commit) is kept once by the hub.
        if (answers.length) {
          await this.deps.commit(() => {
            for (const a of answers) store.markReport(a.id, a.error === null ? 'sent' : 'refused', a.error);
          });
        }
      }
      if (answers.length < events.length) return;
      const now = store.row(hitId);
      if (now?.ended_at && now.claim_workstation === first.workstation_id) hub.notify('hit:release', { hitId, user });
      if (announce || answers.some((a) => a.error !== null)) this.deps.changed(hitId);
    }
    for (const { hitId, user } of store.pendingReleases()) {
      if (hub.state.state !== 'connected') return;
      // Its steps first: a step reported after the release would claim the hit again.
      if (store.pendingOf(hitId).length) continue;
      if (!(await this.release(hub, hitId, user))) return;
    }
  }

  /** Tells the hub of a release made here; false when the link went down meanwhile. */
  private async release(hub: HubClient, hitId: string, user: ConsoleUser): Promise<boolean> {
    const { store } = this.deps;
    // Taken up here again since the list was read: nothing to release.
    if (!store.releasePending(hitId)) return true;
    try {
      const ack = await hub.request('hit:release', { hitId, user }, hitReleaseAckSchema);
      if (!ack.ok) this.deps.log(`hit ${hitId}: the hub did not release it (${ack.error})`);
    } catch (err) {
      if (err instanceof HubRequestError) return false;
      throw err;
    }
    await this.deps.commit(() => store.dropRelease(hitId));
    return true;
  }

  /** True when this console holds the hit at the hub now; otherwise its pending steps are refused. */
  private async claim(hub: HubClient, hitId: string, user: ConsoleUser, events: readonly EventRow[]): Promise<boolean> {
    const { store } = this.deps;
    const row = store.row(hitId);
    if (row?.claim_confirmed === 1 && row.claim_workstation === events[0]!.workstation_id) return true;
    const ack = await hub.request('hit:claim', { hitId, user }, hitClaimAckSchema);
    if (ack.ok) {
      // Steps of a user who has signed out since: the hit stays released here, and the
      // release follows these steps to the hub.
      if (!store.releasePending(hitId)) await this.deps.commit(() => store.setClaim(hitId, ack.claimedBy, true));
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
