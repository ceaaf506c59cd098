/**
 * Hits nobody opened in time. After `unopenedAlertS` on this console a hit alerts every
 * dispatcher again (`hits:overdue`, level 1); `escalateAfterS` later it reaches supervisors'
 * consoles (`hits:escalated`, level 2). Each level is raised once per hit (kept in the hit's
 * row, so a restart does not alert again) and relayed through the hub (`hit:escalate`), so
 * the supervisors at other consoles hear of it too. Opening or claiming the hit anywhere stops it.
 */
import { hitEscalateSchema } from '../../contract/hub';
import type { CoreContext } from '../context';
import type { WorkflowConfig } from './config';
import type { WorkflowStore } from './store';

const TICK_MS = 1000;
const LEVEL_EVENTS = { 1: 'hits:overdue', 2: 'hits:escalated' } as const;

export class EscalationWatch {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: CoreContext,
    private readonly store: WorkflowStore,
    private readonly config: WorkflowConfig,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick().catch((err: Error) => this.ctx.log(`escalation check failed: ${err.message}`)), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async tick(): Promise<void> {
    const { unopenedAlertS, escalateAfterS } = this.config.get();
    const now = this.ctx.now().getTime();
    for (const hit of this.store.unopened(new Date(now - unopenedAlertS * 1000).toISOString())) {
      const age = now - Date.parse(hit.stored_at);
      const level = age >= (unopenedAlertS + escalateAfterS) * 1000 ? 2 : 1;
      if (level > hit.escalation_level) await this.raise(hit.id, level, true);
    }
  }

  /** Another console's escalation, relayed by the hub. */
  async fromHub(payload: unknown): Promise<void> {
    const parsed = hitEscalateSchema.safeParse(payload);
    if (!parsed.success) return;
    const { hitId, level } = parsed.data;
    const row = this.store.row(hitId);
    if (!row || row.status !== 'new' || row.claim_workstation !== null || level <= row.escalation_level) return;
    await this.raise(hitId, Math.min(level, 2), false);
  }

  private async raise(hitId: string, level: number, relay: boolean): Promise<void> {
    const before = await this.ctx.commit(() => {
      const row = this.store.row(hitId);
      if (!row || row.escalation_level >= level) return null;
      this.store.update(hitId, { escalation_level: level });
      return row;
    });
    if (!before) return;
    const item = this.ctx.hits.queueItem(hitId);
    if (!item) return;
    const unopenedForS = Math.max(0, Math.round((this.ctx.now().getTime() - Date.parse(before.stored_at)) / 1000));
    // A hit that jumps straight to level 2 (relayed from a console that saw it first) still
    // alerts the dispatchers here.
    for (let l = before.escalation_level + 1; l <= level; l++) {
      this.ctx.broadcast(LEVEL_EVENTS[l as 1 | 2], { level: l, item, unopenedForS });
    }
    // Every queue marks the row, whoever the alert itself was for.
    this.ctx.broadcast('hits:updated', item);
    if (relay) this.ctx.hub?.notify('hit:escalate', { hitId, level, at: this.ctx.now().toISOString() });
    this.ctx.log(`hit ${hitId} not opened after ${unopenedForS} s: ${level === 1 ? 'alerting again' : 'escalated to supervisors'}`);
  }
}
